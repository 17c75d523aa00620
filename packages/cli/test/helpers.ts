import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  runInProcess,
  runSpawned,
  SEEDED,
  type CliOptions,
  type RunResult,
  type SpawnCliOptions,
} from '@shop/test-kit';
import { main } from '../src/program.js';

export type { RunResult } from '@shop/test-kit';

export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/**
 * The built `shop` binary, never on a TTY, in a clean environment (no CI, NO_COLOR or SHOP_*
 * from the caller). For start-up, signal and proxy tests; everything else runs in-process
 * (`shopFor`), about a hundred times cheaper.
 */
export const runShop = (
  args: readonly string[],
  options: SpawnCliOptions = {},
): Promise<RunResult> => runSpawned(BIN, args, options);

export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A `shop` bound to one server and one temporary config directory, run in-process. */
export function shopFor(apiUrl: string, configDir: string) {
  return (args: readonly string[], options: CliOptions = {}): Promise<RunResult> =>
    runInProcess(main, args, {
      ...options,
      env: { SHOP_API_URL: apiUrl, SHOP_CONFIG_DIR: configDir, ...options.env },
    });
}

/** The same, spawning the built binary (for what must cross a process boundary). */
export function shopBinFor(apiUrl: string, configDir: string) {
  return (args: readonly string[], options: SpawnCliOptions = {}): Promise<RunResult> =>
    runShop(args, {
      ...options,
      env: { SHOP_API_URL: apiUrl, SHOP_CONFIG_DIR: configDir, ...options.env },
    });
}

/**
 * The bound for `expect.poll` / `vi.waitFor` on what a server timer does (event retention, the
 * payment worker, webhook deliveries). Their default 1 s is about one tick, and each check may
 * run the CLI: a loaded machine fails it. This bound only stops a test that would hang.
 */
export const SERVER_TIMER_WAIT = { timeout: 30_000, interval: 100 } as const;

/** The server's seeded accounts. */
export const CUSTOMER = SEEDED.customer;
export const ADMIN = SEEDED.admin;

export function parseJson<T = Record<string, unknown>>(text: string): T {
  return JSON.parse(text) as T;
}

/**
 * An HTTP proxy in front of `target`; `before` sees each request's path and method (and may hold
 * it) before it is passed on.
 */
export async function startProxy(
  target: string,
  before: (path: string, method: string) => void | Promise<void>,
): Promise<{ url: string; close(): Promise<void> }> {
  const proxy = createServer((req, res) => {
    const path = req.url ?? '/';
    void Promise.resolve(before(path, req.method ?? 'GET')).then(() => {
      const upstream = request(
        new URL(path, target),
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      res.on('close', () => upstream.destroy());
      req.pipe(upstream);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        proxy.closeAllConnections();
        proxy.close(() => resolve());
      }),
  };
}
