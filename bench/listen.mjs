// `shop listen` latency: from an event's commit on the server (the envelope's `createdAt`, the
// time the transaction wrote) to `shop listen --json` printing it, as its stdout line reaches
// this process. 200 orders (BENCH_LISTEN_ORDERS) placed one after another through the API; each
// gives an `order.created` (on the request) and an `order.paid` (from the payment worker). The
// same-run baseline reads the same stream in this process with a bare `fetch` and no SDK, so the
// ratio is what the CLI adds: the SDK's parser, a second process and a pipe.
// Needs `pnpm build` first. Writes bench/results/listen.json, prints a markdown table.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { spawnServer } from '@shop/test-kit/child-server';
import { auth, call, fixtures } from './harness.mjs';
import { machineInfo } from './machine.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const BIN = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));
const ORDERS = Math.max(1, Number(process.env.BENCH_LISTEN_ORDERS ?? 200));
const TYPES = ['order.created', 'order.paid'];

/** The q-quantile (0…1) by linear interpolation. */
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.ceil(at)] - sorted[low]) * (at - low);
};

/** Calls `onLine` with each complete line of a stream of text chunks. */
function lines(onLine) {
  let rest = '';
  return (chunk) => {
    rest += chunk;
    let end;
    while ((end = rest.indexOf('\n')) >= 0) {
      onLine(rest.slice(0, end));
      rest = rest.slice(end + 1);
    }
  };
}

/** Latency (ms) of each event seen, keyed by event id, per reader. */
const seen = { listen: new Map(), bare: new Map() };
const record = (reader, event) => {
  if (TYPES.includes(event.type) && !seen[reader].has(event.id)) {
    seen[reader].set(event.id, { type: event.type, ms: Date.now() - Date.parse(event.createdAt) });
  }
};

const target = await spawnServer(['--db', ':memory:'], { env: { LOG_LEVEL: 'silent' } });
const configDir = mkdtempSync(join(tmpdir(), 'shop-bench-listen-'));
const controller = new AbortController();
let listener;
try {
  const { item, token } = await fixtures(target.url);

  // The baseline: the stream read with fetch, frames split by hand.
  const bare = await fetch(`${target.url}/api/events/stream?types=${TYPES.join(',')}`, {
    headers: { ...auth(token), accept: 'text/event-stream' },
    signal: controller.signal,
  });
  const bareDone = (async () => {
    const decoder = new TextDecoder();
    const feed = lines((line) => {
      if (line.startsWith('data: ')) record('bare', JSON.parse(line.slice(6)));
    });
    try {
      for await (const chunk of bare.body) feed(decoder.decode(chunk, { stream: true }));
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    }
  })();

  listener = spawn(process.execPath, [BIN, 'listen', '--json', '--events', TYPES.join(',')], {
    env: {
      ...process.env,
      SHOP_API_URL: target.url,
      SHOP_CONFIG_DIR: configDir,
      SHOP_TOKEN: token,
      CI: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  listener.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  listener.stdout.setEncoding('utf8').on(
    'data',
    lines((line) => record('listen', JSON.parse(line))),
  );
  for (let i = 0; i < 200 && !stderr.includes('Listening to'); i++) {
    if (listener.exitCode !== null) throw new Error(`shop listen exited: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!stderr.includes('Listening to')) throw new Error(`shop listen did not start: ${stderr}`);

  const started = Date.now();
  for (let i = 0; i < ORDERS; i++) {
    await call(
      'POST',
      `${target.url}/api/orders`,
      { items: [{ itemId: item.itemId, quantity: 1 }] },
      { ...auth(token), 'idempotency-key': randomUUID() },
    );
  }
  const expected = ORDERS * TYPES.length;
  const deadline = Date.now() + 120_000;
  while (seen.listen.size < expected || seen.bare.size < expected) {
    if (Date.now() > deadline) {
      throw new Error(
        `saw ${seen.listen.size} (listen) and ${seen.bare.size} (bare) of ${expected}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const elapsedS = (Date.now() - started) / 1000;
  controller.abort();
  await bareDone;
  listener.kill('SIGINT');
  await new Promise((resolve) => listener.once('close', resolve));

  const stats = (reader, type) => {
    const values = [...seen[reader].values()].filter((s) => s.type === type).map((s) => s.ms);
    return { median: quantile(values, 0.5), p99: quantile(values, 0.99) };
  };
  const results = TYPES.map((type) => {
    const cli = stats('listen', type);
    const base = stats('bare', type);
    return {
      name: `${type}: commit → \`shop listen --json\` line`,
      medianMs: Number(cli.median.toFixed(1)),
      p99Ms: Number(cli.p99.toFixed(1)),
      baselineMedianMs: Number(base.median.toFixed(1)),
      baselineP99Ms: Number(base.p99.toFixed(1)),
    };
  });
  const machine = machineInfo();
  const report = {
    date: new Date().toISOString(),
    machine,
    orders: ORDERS,
    results,
    notes: `${ORDERS} orders placed one after another in ${elapsedS.toFixed(1)} s; latencies in whole milliseconds (the envelope's createdAt has millisecond precision), measured where each line reaches the benchmark process. Load average (1 min) at the end: ${machine.loadAverage1m}; the machine is shared, so these will be re-measured on a quiet one.`,
  };
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'listen.json'), `${JSON.stringify(report, null, 2)}\n`);

  console.log(
    `### shop listen latency (${machine.cpu}, ${machine.cores} cores, Node ${machine.node})\n`,
  );
  console.log('| Event | median (ms) | p99 (ms) | bare fetch median (ms) | bare fetch p99 (ms) |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${r.medianMs} | ${r.p99Ms} | ${r.baselineMedianMs} | ${r.baselineP99Ms} |`,
    );
  }
} finally {
  controller.abort();
  if (listener && listener.exitCode === null) listener.kill('SIGKILL');
  await target.close();
  rmSync(configDir, { recursive: true, force: true });
}
