import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type RunningServer } from '@shop/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runShop, tempDir } from './helpers.js';

const RECORDER = fileURLToPath(new URL('./fixtures/record-loads.mjs', import.meta.url));

const UI = [/\/node_modules\/ink\//, /\/node_modules\/react\//, /\/node_modules\/@inkjs\//];
const NETWORK = [/\/packages\/sdk\//, /\/node_modules\/undici\//];
const CONFIG = [/\/node_modules\/conf\//];

let server: RunningServer;
let dir: ReturnType<typeof tempDir>;
let runs = 0;

/** Runs the binary with the recording loader and returns the module URLs it resolved. */
async function loadedBy(args: string[]): Promise<{ code: number | null; urls: string[] }> {
  const log = join(dir.path, `loads-${++runs}.txt`);
  writeFileSync(log, '');
  const result = await runShop(args, {
    nodeArgs: ['--import', RECORDER],
    env: { SHOP_LOAD_LOG: log, SHOP_CONFIG_DIR: dir.path, SHOP_API_URL: server.url },
  });
  return { code: result.code, urls: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

const matching = (urls: string[], patterns: RegExp[]) =>
  urls.filter((url) => patterns.some((p) => p.test(url)));

beforeAll(async () => {
  server = await startServer({ port: 0, db: ':memory:' });
  dir = tempDir('shop-cli-startup-');
});

afterAll(async () => {
  await server?.close();
  dir?.remove();
});

describe('start-up stays lean', () => {
  it.each([
    [['--version']],
    [['--help']],
    [['orders', 'create', '--help']],
    [['completion', 'bash']],
  ])('%j loads no Ink/React, SDK, undici or conf', async (args) => {
    const { code, urls } = await loadedBy(args);
    expect(code).toBe(0);
    // The recorder works: it saw the CLI itself and commander.
    expect(urls.some((url) => url.endsWith('/dist/bin.js'))).toBe(true);
    expect(urls.some((url) => url.includes('/node_modules/commander/'))).toBe(true);
    expect(matching(urls, [...UI, ...NETWORK, ...CONFIG])).toEqual([]);
  });

  it('a --json command loads the SDK and undici but never Ink or React', async () => {
    const { code, urls } = await loadedBy(['items', 'list', '--json']);
    expect(code).toBe(0);
    expect(matching(urls, NETWORK).length).toBeGreaterThan(0);
    expect(matching(urls, UI)).toEqual([]);
  });
});
