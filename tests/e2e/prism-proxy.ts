import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

// Prism's validating proxy (@stoplight/prism-cli 5.12, the last line that runs on Node 20) in
// front of the reference server: every request and response of the suite is checked against
// openapi.yaml by a validator that is not ours, and `--errors` turns any violation into an error
// response, so the test that caused it fails too.

const here = dirname(fileURLToPath(import.meta.url));
const prismBin = join(here, 'node_modules', '.bin', 'prism');

export interface PrismProxy {
  url: string;
  /** Prism's warning and error log lines (violations, refused requests) so far. */
  problems(): string[];
  close(): Promise<void>;
}

/**
 * The contract as Prism gets it. Prism's ajv compares `multipleOf` exactly in floating point and
 * has no precision option, so Money's `multipleOf: 0.01` would refuse 19.99
 * (19.99 / 0.01 = 1998.9999999999998); that one keyword is left out. The two-decimal rule stays
 * checked by the server's validator and by tests/contract.
 */
function specForPrism(dir: string): string {
  const spec = parse(readFileSync(join(here, '..', '..', 'openapi.yaml'), 'utf8')) as {
    components: { schemas: { Money: { multipleOf?: number } } };
  };
  delete spec.components.schemas.Money.multipleOf;
  const path = join(dir, 'openapi.yaml');
  writeFileSync(path, stringify(spec));
  return path;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
    probe.on('error', reject);
  });

// Prism's log levels that mean something went wrong: "✖  error", "⚠  warning", fatal.
const PROBLEM_LINE = /\s(error|warning|fatal)\s{2,}/;

export async function startPrismProxy(upstream: string, startupMs = 90_000): Promise<PrismProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'shop-prism-'));
  const port = await freePort();
  // --cors false: the responses' headers stay the server's own.
  const args = [
    'proxy',
    specForPrism(dir),
    upstream,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
  ];
  const child = spawn(prismBin, [...args, '--errors', '--cors', 'false'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  const collect = (chunk: Buffer): void => {
    log.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = once(child, 'exit');
  // The failure message quotes the log: wait for 'close', which comes after the last output is
  // read ('exit' can be reported before it).
  let closed: number | null | undefined;
  child.once('close', (code) => (closed = code));

  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + startupMs;
  for (;;) {
    if (closed !== undefined) {
      await close();
      throw new Error(`prism exited with ${closed}:\n${log.join('\n')}`);
    }
    try {
      const res = await fetch(`${url}/health`);
      await res.arrayBuffer();
      if (res.status === 200) break;
      await close();
      throw new Error(`GET /health through prism answered ${res.status}:\n${log.join('\n')}`);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error; // not listening yet: fetch failed
    }
    if (Date.now() > deadline) {
      await close();
      throw new Error(`prism did not start within ${startupMs} ms:\n${log.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, problems: () => log.filter((line) => PROBLEM_LINE.test(line)), close };
}
