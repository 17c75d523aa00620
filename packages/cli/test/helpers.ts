import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanEnv, runCli, type CliOptions, type RunResult } from './run-cli.js';

export type { RunResult } from './run-cli.js';

export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

export interface RunOptions extends CliOptions {
  /** Extra node flags (e.g. --import a loader hook). */
  nodeArgs?: string[];
}

/**
 * Runs the built `shop` binary with pipes for stdio (so never a TTY), a clean environment
 * (no CI, NO_COLOR or SHOP_* from the caller) and the given variables. For start-up, signal and
 * proxy tests; everything else runs in-process (`runCli`, `shopFor`).
 */
export function runShop(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const env = cleanEnv(options.env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A `shop` bound to one server and one temporary config directory, run in-process. */
export function shopFor(apiUrl: string, configDir: string) {
  return (args: readonly string[], options: CliOptions = {}): Promise<RunResult> =>
    runCli(args, {
      ...options,
      env: { SHOP_API_URL: apiUrl, SHOP_CONFIG_DIR: configDir, ...options.env },
    });
}

/** The same, spawning the built binary (for what must cross a process boundary). */
export function shopBinFor(apiUrl: string, configDir: string) {
  return (args: readonly string[], options: RunOptions = {}): Promise<RunResult> =>
    runShop(args, {
      ...options,
      env: { SHOP_API_URL: apiUrl, SHOP_CONFIG_DIR: configDir, ...options.env },
    });
}

export const CUSTOMER = { email: 'customer@shop.local', password: 'customer-password' };
export const ADMIN = { email: 'admin@shop.local', password: 'admin-password' };

export function parseJson<T = Record<string, unknown>>(text: string): T {
  return JSON.parse(text) as T;
}
