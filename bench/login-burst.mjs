// Does a login burst stall the server? p99 latency of `GET /health` while 60 logins for unknown
// emails (each one bcrypt check) arrive at once, against the same probe with no burst as the
// same-run baseline. Rounds alternate (quiet, burst, quiet, burst, …) so load drift hits both.
// Target: p99 during the burst ≤ 50 ms. Needs `pnpm build` first. Writes
// bench/results/login-burst.json, prints a markdown table.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { spawnServer } from '@shop/test-kit/child-server';
import { machineInfo } from './machine.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LOGINS = 60;
const TARGET_MS = 50;

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
};

/** Sequential `GET /health` probes until `done()` says stop; their latencies in ms. */
async function probe(url, done) {
  const latencies = [];
  while (!done()) {
    const start = performance.now();
    const res = await fetch(`${url}/health`);
    await res.arrayBuffer();
    latencies.push(performance.now() - start);
    if (!res.ok) throw new Error(`/health answered ${res.status}`);
  }
  return latencies;
}

/** The burst: LOGINS concurrent logins for unknown emails, all answered 401. */
async function burst(url, round) {
  const replies = await Promise.all(
    Array.from({ length: LOGINS }, async (_, i) => {
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `nobody-${round}-${i}@bench.test`, password: 'guess-1234' }),
      });
      await res.arrayBuffer();
      return res.status;
    }),
  );
  const unexpected = replies.filter((status) => status !== 401);
  if (unexpected.length > 0) throw new Error(`logins answered ${unexpected.join(', ')}`);
}

// Every login here comes from 127.0.0.1: lift the per-client spray limit, so all 60 reach bcrypt.
const target = await spawnServer(['--db', ':memory:'], {
  env: { LOG_LEVEL: 'silent', SHOP_AUTH_LIMITS: 'spray=1000000' },
});
try {
  // Warm-up: the pool's threads and the dummy hash for unknown emails.
  await burst(target.url, 'warm');
  const quiet = [];
  const loaded = [];
  const burstMs = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Quiet: as long as the last burst took (at least a second).
    const quietFor = Math.max(1000, burstMs.at(-1) ?? 1000);
    const until = performance.now() + quietFor;
    quiet.push(...(await probe(target.url, () => performance.now() >= until)));

    let finished = false;
    const start = performance.now();
    const logins = burst(target.url, round).finally(() => (finished = true));
    const during = probe(target.url, () => finished);
    await logins;
    burstMs.push(performance.now() - start);
    loaded.push(...(await during));
  }

  const p99 = quantile(loaded, 0.99);
  const baselineP99 = quantile(quiet, 0.99);
  const round1 = (n) => Number(n.toFixed(1));
  const results = [
    {
      name: `GET /health p99 during ${LOGINS} concurrent logins`,
      p99Ms: round1(p99),
      medianMs: round1(quantile(loaded, 0.5)),
      maxMs: round1(Math.max(...loaded)),
      probes: loaded.length,
      baselineP99Ms: round1(baselineP99),
      target: TARGET_MS,
      targetLabel: `≤ ${TARGET_MS} ms`,
      meetsTarget: p99 <= TARGET_MS,
    },
    {
      name: 'GET /health p99 with no burst (baseline)',
      p99Ms: round1(baselineP99),
      medianMs: round1(quantile(quiet, 0.5)),
      maxMs: round1(Math.max(...quiet)),
      probes: quiet.length,
      baselineP99Ms: round1(baselineP99),
    },
  ];
  const machine = machineInfo();
  const report = {
    date: new Date().toISOString(),
    machine,
    rounds: ROUNDS,
    results,
    notes: `${ROUNDS} rounds, each a quiet stretch then a burst of ${LOGINS} logins for unknown emails (one bcrypt check each, cost 10, on the server's worker pool); a burst took ${round1(quantile(burstMs, 0.5))} ms (median). Probes are sequential, one in flight at a time, from a separate process. Load average (1 min) at the end: ${machine.loadAverage1m}.`,
  };
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'login-burst.json'), `${JSON.stringify(report, null, 2)}\n`);

  console.log(`### /health during a login burst (${machine.cpu}, ${machine.cores} cores)\n`);
  console.log('| Measure | p99 (ms) | median (ms) | max (ms) | probes | target |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (const r of results) {
    const verdict =
      r.target === undefined ? '—' : `${r.targetLabel} ${r.meetsTarget ? '✅' : '❌'}`;
    console.log(
      `| ${r.name} | ${r.p99Ms} | ${r.medianMs} | ${r.maxMs} | ${r.probes} | ${verdict} |`,
    );
  }
} finally {
  await target.close();
}
