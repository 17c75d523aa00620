import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningServer } from '@shop/server';
import { startInProcess } from '@shop/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runShop, tempDir } from './helpers.js';

const RECORDER = fileURLToPath(new URL('./fixtures/record-loads.mjs', import.meta.url));

const UI = [/\/ink\//, /\/react\//, /\/@inkjs\//];
const NETWORK = [/\/packages\/sdk\//, /\/undici\//];
const CONFIG_WRITER = [/\/conf\//, /\/ajv\//];

let server: RunningServer;
let dir: ReturnType<typeof tempDir>;
let runs = 0;

/**
 * The source files behind the modules a process resolved: libraries are bundled into dist chunks,
 * so each dist chunk is mapped back to its sources through its source map.
 */
function sourcesOf(urls: string[]): string[] {
  return urls.flatMap((url) => {
    if (!url.startsWith('file:') || !url.includes('/packages/cli/dist/')) return [url];
    const file = fileURLToPath(url);
    const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
    return [url, ...map.sources.map((source) => new URL(source, url).href)];
  });
}

/** Runs the binary with the recording loader and returns what it loaded. */
async function loadedBy(args: string[]): Promise<{ code: number | null; sources: string[] }> {
  const log = join(dir.path, `loads-${++runs}.txt`);
  writeFileSync(log, '');
  const result = await runShop(args, {
    nodeArgs: ['--import', RECORDER],
    env: { SHOP_LOAD_LOG: log, SHOP_CONFIG_DIR: dir.path, SHOP_API_URL: server.url },
  });
  return {
    code: result.code,
    sources: sourcesOf(readFileSync(log, 'utf8').split('\n').filter(Boolean)),
  };
}

const matching = (sources: string[], patterns: RegExp[]) =>
  sources.filter((source) => patterns.some((p) => p.test(source)));

beforeAll(async () => {
  server = await startInProcess();
  dir = tempDir('shop-cli-startup-');
});

afterAll(async () => {
  await server?.close();
  dir?.remove();
});

describe('start-up stays lean', () => {
  it('--version answers from the entry chunk alone', async () => {
    const { code, sources } = await loadedBy(['--version']);
    expect(code).toBe(0);
    expect(sources.some((source) => source.endsWith('/dist/bin.js'))).toBe(true);
    expect(matching(sources, [/\/commander\//, ...UI, ...NETWORK, ...CONFIG_WRITER])).toEqual([]);
    // node:v8 (for the V8 flags a command sets) brings Node's heap and stream modules along.
    expect(sources).not.toContain('node:v8');
  });

  it.each([[['--help']], [['orders', 'create', '--help']], [['completion', 'bash']]])(
    '%j loads commander but no Ink/React, SDK, undici or conf',
    async (args) => {
      const { code, sources } = await loadedBy(args);
      expect(code).toBe(0);
      // The recording works: it sees the command tree's library.
      expect(matching(sources, [/\/commander\//]).length).toBeGreaterThan(0);
      expect(matching(sources, [...UI, ...NETWORK, ...CONFIG_WRITER])).toEqual([]);
    },
  );

  it('a --json read loads the SDK, never Ink or React, nor conf (it writes nothing), nor the undici package without a proxy', async () => {
    const { code, sources } = await loadedBy(['items', 'list', '--json']);
    expect(code).toBe(0);
    expect(matching(sources, [/\/packages\/sdk\//]).length).toBeGreaterThan(0);
    // Node's own fetch serves direct connections; the undici package is for proxies.
    expect(matching(sources, [/\/undici\//])).toEqual([]);
    expect(matching(sources, [...UI, ...CONFIG_WRITER])).toEqual([]);
  });

  it('a command that writes the configuration loads conf', async () => {
    const { code, sources } = await loadedBy(['config', 'set', 'output', 'table']);
    expect(code).toBe(0);
    expect(matching(sources, [/\/conf\//]).length).toBeGreaterThan(0);
    expect(matching(sources, UI)).toEqual([]);
  });
});
