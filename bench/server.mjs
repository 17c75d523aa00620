// Server benchmark: autocannon against three shop routes and a bare Express hello-world measured
// in the same run, reported as requests/s, p99 latency and the ratio to the baseline.
// Run: `pnpm --filter @shop/bench bench:server` (after `pnpm build`). Writes results/server.json.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WARMUP_S = 1;

// The servers run in their own process, so autocannon (here) does not steal their event loop.
const target = spawn(process.execPath, [join(here, 'server-target.mjs')], {
  // stdin stays open as a lifeline: the target exits when this process dies, however it dies.
  stdio: ['pipe', 'pipe', 'inherit'],
});
const [line] = await once(createInterface({ input: target.stdout }), 'line');
const { shopUrl, bareUrl } = JSON.parse(line);

async function call(method, url, body, headers = {}) {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

// Fixtures: an item with (practically) endless stock and a customer to order it.
const admin = await call('POST', `${shopUrl}/api/auth/login`, {
  email: 'admin@shop.local',
  password: 'admin-password',
});
const auth = (token) => ({ authorization: `Bearer ${token}` });
const item = await call(
  'POST',
  `${shopUrl}/api/items`,
  { upc: '99000000000017', itemName: 'Bench Widget', unitPrice: 9.99 },
  auth(admin.token),
);
await call(
  'PUT',
  `${shopUrl}/api/inventory/${item.itemId}`,
  { availableUnits: 1_000_000_000 },
  auth(admin.token),
);
const customer = await call('POST', `${shopUrl}/api/auth/login`, {
  email: 'customer@shop.local',
  password: 'customer-password',
});

const scenarios = [
  { name: 'bare Express hello-world (baseline)', method: 'GET', url: `${bareUrl}/hello` },
  {
    name: 'GET /api/items/{id}',
    method: 'GET',
    url: `${shopUrl}/api/items/${item.itemId}`,
    target: 0.6,
  },
  {
    name: 'GET /api/inventory/{id}?view=quick',
    method: 'GET',
    url: `${shopUrl}/api/inventory/${item.itemId}?view=quick`,
    target: 0.6,
  },
  {
    name: 'POST /api/orders (fresh Idempotency-Key)',
    method: 'POST',
    url: `${shopUrl}/api/orders`,
    target: 0.35,
    headers: { 'content-type': 'application/json', ...auth(customer.token) },
    body: JSON.stringify({ items: [{ itemId: item.itemId, quantity: 1 }] }),
    // Every request is a new logical order: a replay would measure the idempotency cache.
    setupRequest: (request) => ({
      ...request,
      headers: { ...request.headers, 'idempotency-key': randomUUID() },
    }),
  },
];

function run(scenario, duration) {
  return autocannon({
    url: scenario.url,
    connections: CONNECTIONS,
    duration,
    // autocannon trips over keys that are present but undefined.
    requests: [
      Object.fromEntries(
        Object.entries({
          method: scenario.method,
          headers: scenario.headers,
          body: scenario.body,
          setupRequest: scenario.setupRequest,
        }).filter(([, value]) => value !== undefined),
      ),
    ],
  });
}

const results = [];
for (const scenario of scenarios) {
  process.stderr.write(`bench: ${scenario.name}…\n`);
  await run(scenario, WARMUP_S);
  const r = await run(scenario, DURATION_S);
  results.push({
    name: scenario.name,
    method: scenario.method,
    path: new URL(scenario.url).pathname + new URL(scenario.url).search,
    requestsPerSec: Math.round(r.requests.average),
    p99Ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    target: scenario.target,
  });
}

target.kill('SIGTERM');
await once(target, 'exit');

const baseline = results[0].requestsPerSec;
for (const r of results) {
  r.ratio = Number((r.requestsPerSec / baseline).toFixed(2));
  if (r.target !== undefined)
    r.meetsTarget = r.ratio >= r.target && r.non2xx === 0 && r.errors === 0;
}

const report = {
  benchmark: 'server',
  date: new Date().toISOString(),
  machine: {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  },
  settings: { durationSeconds: DURATION_S, connections: CONNECTIONS, warmupSeconds: WARMUP_S },
  results,
};

mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'server.json'), `${JSON.stringify(report, null, 2)}\n`);

const rows = results.map(
  (r) =>
    `| ${r.name} | ${r.requestsPerSec} | ${r.p99Ms} | ${r.ratio.toFixed(2)}× | ${
      r.target === undefined ? '—' : `≥ ${r.target}× ${r.meetsTarget ? '✅' : '❌'}`
    } |`,
);
console.log(`## Server benchmark

${report.machine.cpu}, ${report.machine.cores} cores, Node ${report.machine.node}, ${report.machine.os}; ${CONNECTIONS} connections, ${DURATION_S} s each after ${WARMUP_S} s warm-up.

| Route | req/s | p99 (ms) | vs bare Express | target |
|---|---:|---:|---:|---|
${rows.join('\n')}
`);
const failed = results.filter((r) => r.non2xx > 0 || r.errors > 0);
if (failed.length > 0) {
  console.log(
    `Non-2xx or errors: ${failed.map((r) => `${r.name}: ${r.non2xx} non-2xx, ${r.errors} errors`).join('; ')}`,
  );
}
