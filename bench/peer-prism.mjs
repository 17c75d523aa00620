// Peer benchmark: the same requests against our reference server and against Prism's mock server
// (@stoplight/prism-cli 5.12, the last line that runs on Node 20) serving our openapi.yaml, with
// a bare Express hello-world as the same-run baseline: a read (GET /api/items/{id}) and an order
// (POST /api/orders, fresh Idempotency-Key). Prism validates the request and answers from the
// spec's examples, keeping no state; shop validates, writes SQLite and answers with real data.
// The three servers take 1 s turns; each one's CPU per request is read from its own process
// (shop and bare Express from process.cpuUsage(), Prism from /proc), and the target — shop's
// order at least 1.5× Prism's — is judged on that CPU ratio. Writes results/peer.json.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONNECTIONS, fixtures, median, orderScenario, quiet, run } from './harness.mjs';
import { machineInfo, processCpuMicros } from './machine.mjs';
import { startTarget } from './target.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const SLICES = Number(process.env.BENCH_SLICES ?? 10);
const POST_TARGET = 1.5;

const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });

async function waitUntilUp(url, deadlineMs = 60_000) {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const target = await startTarget();
const fx = await fixtures(target.shopUrl);

const prismPort = await freePort();
const prism = spawn(
  join(here, 'node_modules', '.bin', 'prism'),
  [
    'mock',
    '--host',
    '127.0.0.1',
    '--port',
    String(prismPort),
    // No --errors: with it Prism answers 500 to every request here, because its own check of the
    // examples' money amounts against `multipleOf: 0.01` fails on floating point (19.99 is not an
    // exact multiple). Without it Prism still rejects invalid requests (422) and still checks its
    // responses (reporting them in a header), and answers the example: the mock's real work.
    join(root, 'openapi.yaml'),
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
const prismUrl = `http://127.0.0.1:${prismPort}`;
// The shim execs node, so this pid is Prism's own process.
const prismCpu = async () => processCpuMicros(prism.pid);

const sliceOf = async (server, scenario) => {
  await quiet(server.cpuMicros);
  const before = await server.cpuMicros();
  const r = await run(scenario, { duration: 1 });
  return { r, cpu: (await server.cpuMicros()) - before };
};

try {
  await waitUntilUp(`${prismUrl}/health`);
  const shop = { cpuMicros: target.cpuMicros };
  const mock = { cpuMicros: prismCpu };
  const read = (url) => ({ method: 'GET', url: `${url}/api/items/${fx.item.itemId}` });
  const order = (url) => orderScenario(`${url}/api/orders`, fx);
  const rows = [
    {
      name: 'bare Express hello-world (baseline)',
      server: shop,
      scenario: { method: 'GET', url: `${target.bareUrl}/hello` },
    },
    {
      name: 'shop reference server: GET /api/items/{id}',
      server: shop,
      scenario: read(target.shopUrl),
    },
    { name: 'Prism 5.12 mock: GET /api/items/{id}', server: mock, scenario: read(prismUrl) },
    {
      name: 'shop reference server: POST /api/orders',
      server: shop,
      scenario: order(target.shopUrl),
    },
    { name: 'Prism 5.12 mock: POST /api/orders', server: mock, scenario: order(prismUrl) },
  ].map((row) => ({ ...row, requests: 0, cpu: 0, rps: [], p99: [], non2xx: 0, errors: 0 }));

  for (const row of rows) await run(row.scenario, { duration: 1 });
  for (let i = 0; i < SLICES; i++) {
    for (const row of rows) {
      const { r, cpu } = await sliceOf(row.server, row.scenario);
      row.requests += r.requests.total;
      row.cpu += cpu;
      row.rps.push(r.requests.average);
      row.p99.push(r.latency.p99);
      row.non2xx += r.non2xx;
      row.errors += r.errors + r.timeouts;
    }
  }

  const results = rows.map((row) => ({
    name: row.name,
    requestsPerSec: Math.round(median(row.rps)),
    p99Ms: median(row.p99),
    cpuMicrosPerRequest: Math.round(row.cpu / row.requests),
    non2xx: row.non2xx,
    errors: row.errors,
  }));
  const [baseline] = results;
  for (const r of results) {
    r.ratio = Number((r.requestsPerSec / baseline.requestsPerSec).toFixed(2));
    r.cpuRatio = Number((baseline.cpuMicrosPerRequest / r.cpuMicrosPerRequest).toFixed(2));
  }
  // shop against Prism on the same request: Prism's CPU per request ÷ shop's.
  for (const [shopRow, prismRow, target] of [
    [results[1], results[2], undefined],
    [results[3], results[4], POST_TARGET],
  ]) {
    shopRow.vsPrism = Number(
      (prismRow.cpuMicrosPerRequest / shopRow.cpuMicrosPerRequest).toFixed(2),
    );
    shopRow.vsPrismRequestsPerSec = Number(
      (shopRow.requestsPerSec / prismRow.requestsPerSec).toFixed(2),
    );
    if (target !== undefined) {
      shopRow.target = target;
      shopRow.targetLabel = `≥ ${target}× Prism (CPU)`;
      shopRow.meetsTarget =
        shopRow.vsPrism >= target &&
        [shopRow, prismRow].every((r) => r.non2xx === 0 && r.errors === 0);
    }
  }
  const machine = machineInfo();
  const report = {
    benchmark: 'peer',
    date: new Date().toISOString(),
    machine,
    settings: { slices: SLICES, sliceSeconds: 1, connections: CONNECTIONS },
    results,
    notes: `${SLICES} rounds in which each server takes a 1 s turn per request, after waiting for it to go idle (so the payments shop's orders leave behind are charged to no row); medians of the per-slice req/s and p99, CPU per request over all slices. "vs Prism" is Prism's CPU per request ÷ shop's on the same request (req/s ratio in brackets). shop runs on a SQLite file that starts with the demo data and gains the orders placed here. Prism runs without --errors (its response check of money amounts against multipleOf 0.01 fails on floating point and would turn every answer into a 500); its non-2xx answers: ${results[2].non2xx} (GET), ${results[4].non2xx} (POST). Load average (1 min) at the end: ${machine.loadAverage1m}.`,
  };
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'peer.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    [
      `## Peer: Prism mock vs shop (load average ${machine.loadAverage1m})`,
      '',
      '| Server | req/s | p99 (ms) | CPU µs/req | vs bare (CPU) | vs Prism (CPU) | target |',
      '|---|---:|---:|---:|---:|---:|---|',
      ...results.map(
        (r) =>
          `| ${r.name} | ${r.requestsPerSec} | ${r.p99Ms} | ${r.cpuMicrosPerRequest} | ${r.cpuRatio.toFixed(2)}× | ${r.vsPrism === undefined ? '—' : `${r.vsPrism}× (${r.vsPrismRequestsPerSec}×)`} | ${r.targetLabel ? `${r.targetLabel} ${r.meetsTarget ? '✅' : '❌'}` : '—'} |`,
      ),
    ].join('\n'),
  );
} finally {
  prism.kill('SIGTERM');
  await target.stop();
}
