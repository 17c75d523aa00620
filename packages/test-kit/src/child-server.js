// The one spawned-server starter. Plain JavaScript (types in child-server.d.ts) so that the
// scripts that run without a TypeScript loader — the benchmarks, the examples' runner and the
// runtime suite — import the same starter as the TypeScript suites (`@shop/test-kit/child-server`).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The built `shop-server` binary (its committed shim loads dist/main.js). */
const SERVER_BIN = `${REPO_ROOT}packages/server/bin/shop-server.js`;
const SERVER_MAIN = `${REPO_ROOT}packages/server/dist/main.js`;

/**
 * Spawns `shop-server --port 0 <args>` (the built binary; `--db <file>` or `--db :memory:` in
 * `args`) and waits, bounded, for its banner, which names the port it got: no race for a "free"
 * port.
 */
export async function spawnServer(args = [], { env = {}, deadlineMs = 20_000 } = {}) {
  if (!existsSync(SERVER_MAIN)) {
    throw new Error(`${SERVER_MAIN} is missing: run pnpm --filter @shop/server build`);
  }
  const child = spawn(process.execPath, [SERVER_BIN, '--port', '0', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
  // 'close', not 'exit': the exit can be reported before the last of the output is read, and
  // whoever awaits `exited` then reads `output()`.
  const exited = new Promise((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${deadlineMs} ms:\n${output}`));
    }, deadlineMs);
    const check = () => {
      const match = /listening on http:\/\/localhost:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', check);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    output: () => output,
    exited,
    // SIGTERM lets the server drain and close its database, as an operator's stop would.
    async close() {
      if (running()) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** SIGKILLs every server still running and waits for each to end (suites' afterAll). */
export async function killAll(servers) {
  for (const server of servers) {
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
  }
}
