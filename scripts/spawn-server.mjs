// Starts the built reference server (`shop-server --port 0 --db :memory:`) in its own process
// and resolves once it prints the URL it listens on. Used by the benchmarks (so the server's
// CPU is not the measuring process's) and the SDK examples' runner.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../packages/server/dist/main.js', import.meta.url));

/**
 * @param {{ env?: NodeJS.ProcessEnv, args?: string[] }} [options]
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function spawnServer({ env = process.env, args = [] } = {}) {
  const child = spawn(process.execPath, [main, '--port', '0', '--db', ':memory:', ...args], {
    env: { LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  for await (const chunk of child.stdout) {
    output += chunk;
    const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
    if (url) {
      child.stdout.resume();
      return {
        url,
        async close() {
          if (child.exitCode === null) {
            child.kill('SIGTERM');
            await once(child, 'exit');
          }
        },
      };
    }
  }
  throw new Error(`shop-server exited before it listened:\n${output}`);
}
