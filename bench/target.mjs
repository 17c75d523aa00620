// Starts bench/server-target.mjs (shop, bare Express and the stack floor in one child process)
// and asks it for its CPU time; shared by the server and peer benchmarks.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * `logLevel` other than 'silent' sends the server's request log to /dev/null: the cost of writing
 * each line is measured, not that of a terminal. The database is a fresh SQLite file in a
 * temporary directory, as `shop-server` keeps one by default (WAL, synchronous=NORMAL);
 * BENCH_SQLITE=memory uses an in-memory database instead, to compare with older runs. `dev` starts
 * the server as `--dev` does, which lets a webhook endpoint point at a loopback receiver.
 */
export async function startTarget({ logLevel = 'silent', dev = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'shop-bench-'));
  const child = fork(join(here, 'server-target.mjs'), [], {
    // BENCH_CPU_PROF=<dir>: a V8 CPU profile of each server process, written there when it stops.
    execArgv: process.env.BENCH_CPU_PROF
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
      : [],
    env: {
      ...process.env,
      LOG_LEVEL: logLevel,
      BENCH_DEV: dev ? '1' : '',
      BENCH_DB: process.env.BENCH_SQLITE === 'memory' ? ':memory:' : join(dir, 'shop.db'),
    },
    stdio: ['ignore', openSync('/dev/null', 'w'), 'inherit', 'ipc'],
  });
  const [urls] = await once(child, 'message');
  // Replies come back in the order they were asked for.
  const waiting = [];
  child.on('message', (message) => waiting.shift()?.(message.cpuMicros));
  return {
    ...urls,
    pid: child.pid,
    /** The target process's CPU time so far, in µs. */
    cpuMicros: () =>
      new Promise((resolve) => {
        waiting.push(resolve);
        child.send('cpu');
      }),
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
