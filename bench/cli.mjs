// CLI start-up: whole-process wall time of the built `shop` binary — `shop --version`, and
// `shop items list --json` against a warm server — each as a ratio to `node -e 0` measured in
// the same run. Runs are interleaved (baseline, version, list, baseline, …) so load drift hits
// all three alike; medians of at least 30 rounds are reported, with the middle half of the
// per-round ratios as the spread. Targets: ≤ 1.25× and ≤ 2.35×. A fourth row measures the
// second one's floor in the same run: Node plus one fetch of the same page.
// Needs `pnpm build` first. Writes bench/results/cli.json, prints a markdown table.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { spawnServer } from '@shop/test-kit/child-server';
import { machineInfo } from './machine.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const BIN = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));
const ROUNDS = Math.max(30, Number(process.env.BENCH_ROUNDS ?? 30));
const WARMUP = 3;

/** The q-quantile (0…1) by linear interpolation. */
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.ceil(at)] - sorted[low]) * (at - low);
};
const median = (values) => quantile(values, 0.5);

/** Wall milliseconds of one whole process; a failed run fails the benchmark. */
function timeRun(args, env) {
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - start;
  if (run.status !== 0)
    throw new Error(`node ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return ms;
}

const target = await spawnServer(['--db', ':memory:'], { env: { LOG_LEVEL: 'silent' } });
const configDir = mkdtempSync(join(tmpdir(), 'shop-bench-cli-'));
try {
  // A user's shell, minus anything that would change what the CLI does.
  const env = { ...process.env, SHOP_API_URL: target.url, SHOP_CONFIG_DIR: configDir };
  for (const key of ['SHOP_TOKEN', 'SHOP_PROFILE', 'CI', 'NODE_OPTIONS']) delete env[key];
  const cases = [
    { name: 'node -e 0', args: ['-e', '0'] },
    { name: 'shop --version', args: [BIN, '--version'], target: 1.25 },
    { name: 'shop items list --json', args: [BIN, 'items', 'list', '--json'], target: 2.35 },
    // The floor of the row above: Node, one fetch of the same page, its body on stdout, with the
    // same V8 flag the CLI sets. What the CLI adds is the distance between the two.
    {
      name: 'floor: `node -e` with one `fetch` of the same page',
      args: [
        '--liftoff-only',
        '--input-type=module',
        '-e',
        `const r = await fetch('${target.url}/api/items?page=0&size=20'); process.stdout.write(await r.text());`,
      ],
    },
  ];
  for (let i = 0; i < WARMUP; i++) for (const c of cases) timeRun(c.args, env);
  const times = cases.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    cases.forEach((c, i) => times[i].push(timeRun(c.args, env)));
  }
  const baselineMs = median(times[0]);
  const results = cases.slice(1).map((c, i) => {
    const medianMs = median(times[i + 1]);
    const ratio = medianMs / baselineMs;
    // Each round's own ratio: the spread a slow stretch of the machine leaves in the figure.
    const perRound = times[i + 1].map((ms, round) => ms / times[0][round]);
    return {
      name: c.name,
      medianMs: Number(medianMs.toFixed(1)),
      baselineMs: Number(baselineMs.toFixed(1)),
      ratio: Number(ratio.toFixed(2)),
      ratioMiddleHalf: [
        Number(quantile(perRound, 0.25).toFixed(2)),
        Number(quantile(perRound, 0.75).toFixed(2)),
      ],
      ...(c.target !== undefined && {
        target: c.target,
        targetLabel: `≤ ${c.target}×`,
        meetsTarget: ratio <= c.target,
      }),
    };
  });
  // The list command over its floor, round by round.
  const list = cases.findIndex((c) => c.name === 'shop items list --json');
  const floor = cases.findIndex((c) => c.name.startsWith('floor:'));
  const aboveFloor = median(times[list].map((ms, round) => ms / times[floor][round]));
  const machine = machineInfo();
  const report = {
    date: new Date().toISOString(),
    machine,
    rounds: ROUNDS,
    results,
    listOverFloor: Number(aboveFloor.toFixed(2)),
    notes: `\`shop items list --json\` took ${aboveFloor.toFixed(2)}× its floor (median of per-round ratios). ${ROUNDS} interleaved rounds after ${WARMUP} warm-up rounds; ratios of medians, and the middle half of the per-round ratios as the spread (${results.map((r) => `${r.name}: ${r.ratioMiddleHalf.join('–')}×`).join('; ')}). Load average (1 min) at the end: ${machine.loadAverage1m}; the machine is shared, so these will be re-measured on a quiet one.`,
  };
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'cli.json'), `${JSON.stringify(report, null, 2)}\n`);

  console.log(
    `### shop CLI start-up (${machine.cpu}, ${machine.cores} cores, Node ${machine.node})\n`,
  );
  console.log('| Command | median (ms) | `node -e 0` (ms) | ratio | target |');
  console.log('|---|---:|---:|---:|---|');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${r.medianMs} | ${r.baselineMs} | ${r.ratio}× | ${r.target === undefined ? '—' : `${r.targetLabel} ${r.meetsTarget ? '✅' : '❌'}`} |`,
    );
  }
} finally {
  await target.close();
  rmSync(configDir, { recursive: true, force: true });
}
