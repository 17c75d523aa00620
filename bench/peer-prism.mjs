// Peer benchmark: the same read (GET /api/items/{id}) against our reference server and against
// Prism's mock server (@stoplight/prism-cli 5.12, the last line that runs on Node 20) serving our
// openapi.yaml, with a bare Express hello-world as the same-run baseline. Prism validates the
// request and answers from the spec's examples, keeping no state; shop validates, reads SQLite
// and answers with real data. Writes results/peer.json.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { machineInfo } from './machine.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

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

// shop and the bare baseline, in one child process (the server benchmark's target); it lives
// while its stdin stays open.
const target = spawn(process.execPath, [join(here, 'server-target.mjs')], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const [line] = await once(createInterface({ input: target.stdout }), 'line');
const { shopUrl, bareUrl } = JSON.parse(line);
const [item] = (await (await fetch(`${shopUrl}/api/items?size=1`)).json()).content;

const prismPort = await freePort();
const prism = spawn(
  join(here, 'node_modules', '.bin', 'prism'),
  [
    'mock',
    '--host',
    '127.0.0.1',
    '--port',
    String(prismPort),
    '--errors',
    join(root, 'openapi.yaml'),
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
const prismUrl = `http://127.0.0.1:${prismPort}`;

try {
  await waitUntilUp(`${prismUrl}/health`);
  const scenarios = [
    { name: 'bare Express hello-world (baseline)', url: `${bareUrl}/hello` },
    {
      name: 'shop reference server: GET /api/items/{id}',
      url: `${shopUrl}/api/items/${item.itemId}`,
    },
    { name: 'Prism 5.12 mock: GET /api/items/{id}', url: `${prismUrl}/api/items/${item.itemId}` },
  ];
  const results = [];
  for (const scenario of scenarios) {
    await autocannon({ url: scenario.url, connections: CONNECTIONS, duration: 1 });
    const r = await autocannon({
      url: scenario.url,
      connections: CONNECTIONS,
      duration: DURATION_S,
    });
    results.push({
      name: scenario.name,
      requestsPerSec: Math.round(r.requests.average),
      p99Ms: r.latency.p99,
      non2xx: r.non2xx,
      errors: r.errors + r.timeouts,
    });
  }
  const baseline = results[0].requestsPerSec;
  for (const r of results) r.ratio = Number((r.requestsPerSec / baseline).toFixed(2));
  const report = {
    benchmark: 'peer',
    date: new Date().toISOString(),
    machine: machineInfo(),
    settings: { durationSeconds: DURATION_S, connections: CONNECTIONS },
    results,
  };
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'peer.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    [
      '## Peer: Prism mock vs shop',
      '',
      '| Server | req/s | p99 (ms) | vs bare Express |',
      '|---|---:|---:|---:|',
      ...results.map(
        (r) => `| ${r.name} | ${r.requestsPerSec} | ${r.p99Ms} | ${r.ratio.toFixed(2)}× |`,
      ),
    ].join('\n'),
  );
} finally {
  prism.kill('SIGTERM');
  target.stdin.end();
  await once(target, 'exit');
}
