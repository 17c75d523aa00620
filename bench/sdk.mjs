// SDK overhead, four same-run rows of one GET of one item: raw `fetch` + `json()`, raw `fetch`
// with the SDK's per-attempt timeout (AbortController + 30 s timer), bare openapi-fetch
// (createClient + GET of the same route), and `shop.items.get()`. Same server, keep-alive on all
// (Node's fetch pools connections by default). Targets: the SDK ≤ 1.05× bare openapi-fetch in wall
// time and ≤ 1.10× in client CPU. The server runs in its own process, so this process's CPU time
// per call is the client's alone: the steadier view on a busy machine. A fifth, diagnostic
// variant gives openapi-fetch a plain object in place of `Request` (its `Request` option): what
// openapi-fetch's own `new Request()` per call costs (docs/upstream/openapi-fetch-skip-request.md).
// Needs `pnpm build` first. Writes bench/results/sdk.json, prints a markdown table.
import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import createClient from 'openapi-fetch';
import { createShopClient } from '../packages/sdk/dist/index.js';
import { measureBundle, BUDGET_BYTES } from '../packages/sdk/scripts/size.mjs';
import { spawnServer } from '@shop/test-kit/child-server';
import { machineInfo } from './machine.mjs';

const WARMUP_CALLS = 1_000;
// Many short batches: 30 rounds of 150 calls gave anything from 1.03 to 1.23 on this kind of
// shared machine from one run to the next; 200 rounds of 25 stayed within about ±2 %.
const ROUNDS = 200;
const CALLS_PER_BATCH = 25;
const TARGET_WALL = 1.05;
const TARGET_CPU = 1.1;

/** The q-quantile (0…1) by linear interpolation. */
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.ceil(at)] - sorted[low]) * (at - low);
};
const median = (values) => quantile(values, 0.5);
/**
 * Ratios of two variants round by round (each round runs every variant once, in a shuffled order), so
 * a slow stretch of the machine hits both sides of a ratio alike: their median, and the middle
 * half of them as the spread.
 */
const pairedRatio = (batches, baseline, key = 'wall') => {
  const ratios = batches.map((b, i) => b[key] / baseline[i][key]);
  return { median: median(ratios), q1: quantile(ratios, 0.25), q3: quantile(ratios, 0.75) };
};

/** A shuffled copy (Fisher–Yates). */
function shuffle(items) {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** Mean wall µs and client CPU µs per call over one batch of `n` sequential calls. */
async function batch(call, n) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < n; i++) await call();
  const wall = ((performance.now() - start) * 1000) / n;
  const { user, system } = process.cpuUsage(cpu);
  return { wall, cpu: (user + system) / n };
}

const server = await spawnServer(['--db', ':memory:'], { env: { LOG_LEVEL: 'silent' } });
try {
  const shop = createShopClient({ baseUrl: server.url });
  const [item] = await shop.items.list({ size: 1 }).toArray({ limit: 1 });
  const url = `${server.url}/api/items/${item.itemId}`;

  const viaFetch = async () => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
    return response.json();
  };
  // The same safety by hand, the way the SDK does it per attempt: an AbortController whose 30 s
  // timer is cleared once the response headers are in. Node's fetch does work of its own for any
  // signal, so this row prices the timeout apart from the SDK.
  const viaFetchTimed = async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 30_000);
    let response;
    try {
      response = await fetch(url, { signal: controller.signal });
    } finally {
      clearTimeout(timer);
    }
    if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
    return response.json();
  };
  const bare = createClient({ baseUrl: server.url });
  const viaOpenapiFetch = async () => {
    const { data, response } = await bare.GET('/api/items/{itemId}', {
      params: { path: { itemId: item.itemId } },
    });
    if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
    return data;
  };
  // Diagnostic only: openapi-fetch told to build a plain object instead of a `Request` (the
  // fields its fetch call reads), handed to a fetch that sends it as (url, init).
  class PlainRequest {
    constructor(input, init) {
      this.url = input;
      this.method = init.method ?? 'GET';
      this.headers = init.headers;
      this.body = init.body ?? null;
      this.signal = init.signal ?? null;
    }
  }
  const noRequest = createClient({
    baseUrl: server.url,
    Request: PlainRequest,
    fetch: (r) => fetch(r.url, { method: r.method, headers: r.headers, body: r.body ?? undefined }),
  });
  const viaOpenapiFetchNoRequest = async () => {
    const { data, response } = await noRequest.GET('/api/items/{itemId}', {
      params: { path: { itemId: item.itemId } },
    });
    if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
    return data;
  };
  const viaSdk = () => shop.items.get(item.itemId);

  // Same answer from every variant, or the comparison means nothing.
  const expected = JSON.stringify(await viaFetch());
  for (const call of [viaFetchTimed, viaOpenapiFetch, viaOpenapiFetchNoRequest, viaSdk]) {
    if (JSON.stringify(await call()) !== expected) throw new Error('the variants disagree');
  }

  const variants = {
    raw: viaFetch,
    rawTimed: viaFetchTimed,
    openapiFetch: viaOpenapiFetch,
    openapiFetchNoRequest: viaOpenapiFetchNoRequest,
    sdk: viaSdk,
  };
  const batches = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (const call of Object.values(variants)) await batch(call, WARMUP_CALLS);
  // A fresh order every round: no variant always runs first, and none always follows the same
  // one and pays for the garbage it left.
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of shuffle(Object.keys(variants))) {
      batches[name].push(await batch(variants[name], CALLS_PER_BATCH));
    }
  }

  const us = (name, key = 'wall') => Number(median(batches[name].map((b) => b[key])).toFixed(1));
  const ratio = (name, baseline, key = 'wall') => {
    const r = pairedRatio(batches[name], batches[baseline], key);
    return {
      median: Number(r.median.toFixed(3)),
      middleHalf: [Number(r.q1.toFixed(3)), Number(r.q3.toFixed(3))],
    };
  };
  const sdkWall = ratio('sdk', 'openapiFetch');
  const sdkCpu = ratio('sdk', 'openapiFetch', 'cpu');
  const bundle = await measureBundle();
  const machine = machineInfo();
  const result = {
    benchmark: 'sdk items.get vs bare openapi-fetch and raw fetch',
    date: new Date().toISOString(),
    machine,
    method: {
      warmupCalls: WARMUP_CALLS,
      rounds: ROUNDS,
      callsPerBatch: CALLS_PER_BATCH,
      statistic:
        'median over rounds of the per-round ratio of batch means (µs columns: medians of batch means)',
    },
    wallUs: Object.fromEntries(Object.keys(variants).map((name) => [name, us(name)])),
    clientCpuUs: Object.fromEntries(Object.keys(variants).map((name) => [name, us(name, 'cpu')])),
    sdkVsOpenapiFetch: { wall: sdkWall, cpu: sdkCpu },
    openapiFetchVsRaw: {
      wall: ratio('openapiFetch', 'raw'),
      cpu: ratio('openapiFetch', 'raw', 'cpu'),
    },
    openapiFetchWithoutRequest: {
      wall: ratio('openapiFetchNoRequest', 'openapiFetch'),
      cpu: ratio('openapiFetchNoRequest', 'openapiFetch', 'cpu'),
    },
    timeoutSignalAlone: ratio('rawTimed', 'raw'),
    sdkVsRaw: ratio('sdk', 'raw'),
    targets: { wall: TARGET_WALL, cpu: TARGET_CPU },
    loadAverage1m: machine.loadAverage1m,
    bundle: { ...bundle, budgetBytes: BUDGET_BYTES },
  };
  result.notes = `${ROUNDS} rounds of ${CALLS_PER_BATCH} calls, each round running every variant once in a shuffled order, after ${WARMUP_CALLS} warm-up calls each; ratios are medians of per-round ratios (middle half of the SDK's wall ratios to bare openapi-fetch: ${sdkWall.middleHalf.join('–')}×; of its CPU ratios: ${sdkCpu.middleHalf.join('–')}×), so they need not equal the quotient of the µs columns. Bare openapi-fetch costs ${result.openapiFetchVsRaw.wall.median}× a raw fetch in wall time and ${result.openapiFetchVsRaw.cpu.median}× in client CPU; given a plain object in place of the \`Request\` it builds per call, ${result.openapiFetchWithoutRequest.wall.median}× and ${result.openapiFetchWithoutRequest.cpu.median}× of itself (diagnostic, not a variant the SDK uses). Load average (1 min) at the end: ${machine.loadAverage1m}; the machine is shared, so wall ratios move by several per cent from run to run and the CPU row is the steadier view.`;
  // The rows bench/README.md shows (run-all.mjs reads `results`).
  result.results = [
    { name: 'raw `fetch` + `json()` (baseline of the next row)', value: us('raw'), unit: 'µs' },
    {
      name: 'raw `fetch` with the same per-attempt timeout (AbortController + 30 s timer)',
      value: us('rawTimed'),
      baseline: us('raw'),
      unit: 'µs',
      ratio: result.timeoutSignalAlone.median,
    },
    {
      name: 'bare openapi-fetch `GET /api/items/{itemId}` (vs raw `fetch`)',
      value: us('openapiFetch'),
      baseline: us('raw'),
      unit: 'µs',
      ratio: result.openapiFetchVsRaw.wall.median,
    },
    {
      name: '`shop.items.get()` vs bare openapi-fetch, wall time per call',
      value: us('sdk'),
      baseline: us('openapiFetch'),
      unit: 'µs',
      ratio: sdkWall.median,
      target: TARGET_WALL,
      targetLabel: `≤ ${TARGET_WALL}×`,
      meetsTarget: sdkWall.median <= TARGET_WALL,
    },
    {
      name: '`shop.items.get()` vs bare openapi-fetch, client CPU per call',
      value: us('sdk', 'cpu'),
      baseline: us('openapiFetch', 'cpu'),
      unit: 'µs',
      ratio: sdkCpu.median,
      target: TARGET_CPU,
      targetLabel: `≤ ${TARGET_CPU}×`,
      meetsTarget: sdkCpu.median <= TARGET_CPU,
    },
    {
      name: 'diagnostic: bare openapi-fetch without its per-call `Request`, client CPU',
      value: us('openapiFetchNoRequest', 'cpu'),
      baseline: us('openapiFetch', 'cpu'),
      unit: 'µs',
      ratio: result.openapiFetchWithoutRequest.cpu.median,
    },
    {
      name: 'ESM bundle incl. openapi-fetch, min + gzip',
      value: bundle.gzipBytes,
      unit: 'B',
      target: BUDGET_BYTES,
      targetLabel: `≤ ${BUDGET_BYTES} B`,
      meetsTarget: bundle.gzipBytes <= BUDGET_BYTES,
    },
  ];
  const out = fileURLToPath(new URL('./results/sdk.json', import.meta.url));
  mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);

  console.log(
    `### @shop/sdk overhead (${machine.cpu}, ${machine.cores} cores, ${machine.os}, Node ${machine.node})\n`,
  );
  console.log('| measure | value | baseline | ratio | target |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const row of result.results) {
    const target =
      row.target === undefined ? '—' : `${row.targetLabel} ${row.meetsTarget ? '✅' : '❌'}`;
    console.log(
      `| ${row.name} | ${row.value} ${row.unit} | ${row.baseline ?? '—'} | ${row.ratio ?? '—'} | ${target} |`,
    );
  }
  console.log(`\n${result.notes}\nResults in bench/results/sdk.json`);
} finally {
  await server.close();
}
