/** The two ways tests get a server: in this process, or the built binary in a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ONE_CLIENT_TEST_LIMITS,
  startServer,
  type RunningServer,
  type StartServerOptions,
} from '@shop/server';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The built `shop-server` binary (its committed shim loads dist/main.js). */
const SERVER_BIN = `${REPO_ROOT}packages/server/bin/shop-server.js`;
const SERVER_MAIN = `${REPO_ROOT}packages/server/dist/main.js`;

/**
 * A fresh server in this process: port 0, ':memory:', seeded, validating its own responses
 * against the contract, logs silent. Every test client is 127.0.0.1, so the per-client
 * registration and spray limits are lifted unless `options.authLimits` sets them; the per-email
 * login limit keeps its default.
 */
export const startInProcess = (options: StartServerOptions = {}): Promise<RunningServer> =>
  startServer({
    port: 0,
    db: ':memory:',
    validateResponses: true,
    ...options,
    authLimits: { ...ONE_CLIENT_TEST_LIMITS, ...options.authLimits },
  });

export interface ChildServer {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code/signal once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface SpawnOptions {
  /** Variables on top of the caller's environment (LOG_LEVEL defaults to warn). */
  env?: Record<string, string>;
  /** How long to wait for the start-up banner before killing the process; default 20 s. */
  deadlineMs?: number;
}

/**
 * Spawns `shop-server --port 0 <args>` (the built binary; `--db <file>` or `--db :memory:` in
 * `args`) and waits, bounded, for its banner, which names the port it got: no race for a "free"
 * port.
 */
export async function spawnServer(
  args: readonly string[] = [],
  { env = {}, deadlineMs = 20_000 }: SpawnOptions = {},
): Promise<ChildServer> {
  if (!existsSync(SERVER_MAIN)) {
    throw new Error(`${SERVER_MAIN} is missing: run pnpm --filter @shop/server build`);
  }
  const child = spawn(process.execPath, [SERVER_BIN, '--port', '0', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${deadlineMs} ms:\n${output}`));
    }, deadlineMs);
    const check = (): void => {
      const match = /listening on http:\/\/localhost:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    };
    child.stdout.on('data', check);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  return { url, child, output: () => output, exited };
}

/** SIGKILLs every server still running and waits for each to end (suites' afterAll). */
export async function killAll(servers: readonly ChildServer[]): Promise<void> {
  for (const server of servers) {
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
  }
}
