#!/usr/bin/env node
// Proves the dependency rules fire: lays out a tiny repository in a temporary directory with
// one breach of every rule in .dependency-cruiser.mjs next to imports the rules allow, cruises it
// with the real config, and fails unless exactly the breaches are reported. Also checks that the
// CLI's bundled libraries (one list, read by tsup and the rules) are devDependencies only, and
// that tsup still reads that list. Run by `pnpm lint:deps`.
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import config, { CLI_BUNDLED } from '../.dependency-cruiser.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const configPath = join(root, '.dependency-cruiser.mjs');
const depcruise = join(root, 'node_modules', '.bin', 'depcruise');

const pkg = (name, devDependencies) =>
  JSON.stringify({ name, version: '0.0.0', type: 'module', devDependencies });
const npmModule = (name) => ({
  [`node_modules/${name}/package.json`]: JSON.stringify({
    name,
    version: '1.0.0',
    main: 'index.js',
  }),
  [`node_modules/${name}/index.js`]: 'export const x = 1;\n',
});

const files = {
  // As the real one: workspace packages resolve to their sources.
  'tsconfig.depcruise.json': JSON.stringify({
    compilerOptions: { paths: { '@shop/sdk': ['./packages/sdk/src/index.ts'] } },
  }),
  'packages/server/package.json': pkg('@fixture/server', { 'dev-only': '1.0.0' }),
  'packages/server/src/db/repo.ts': 'export const row = 1;\n',
  'packages/server/src/http/helper.ts': 'export const pointer = "/body";\n',
  'packages/server/src/http/route.ts':
    "import { row } from '../db/repo.js';\nimport { rule } from '../domain/rule.js';\nexport const route = row + rule;\n",
  // Tests may import anything.
  'packages/server/src/http/route.test.ts':
    "import { row } from '../db/repo.js';\nimport { x } from 'dev-only';\nexport const t = row + x;\n",
  'packages/server/src/domain/rule.ts':
    "import { pointer } from '../http/helper.js';\nexport const rule = pointer.length;\n",
  'packages/server/src/cycle-a.ts':
    "import { b } from './cycle-b.js';\nexport const a = () => b;\n",
  'packages/server/src/cycle-b.ts':
    "import { a } from './cycle-a.js';\nexport const b = () => a;\n",
  'packages/server/src/uses-dev.ts': "import { x } from 'dev-only';\nexport const y = x;\n",
  'packages/server/src/types-from-dev.ts':
    "import type { x } from 'dev-only';\nexport type Y = typeof x;\n",

  'packages/cli/package.json': pkg('@fixture/cli', { commander: '1.0.0', 'dev-only': '1.0.0' }),
  'packages/cli/src/services/orders.ts':
    "import { createShopClient } from '@shop/sdk';\nexport const orders = createShopClient;\n",
  'packages/cli/src/ui/Screen.tsx':
    "import { orders } from '../services/orders.js';\nexport const Screen = orders;\n",
  'packages/cli/src/commands/list.ts':
    "import type { Order } from '@shop/sdk';\nimport { orders } from '../services/orders.js';\nexport const list = (o: Order) => orders(o);\n",
  'packages/cli/src/commands/create.ts':
    "import { createShopClient } from '@shop/sdk';\nexport const create = createShopClient;\n",
  'packages/cli/src/program.ts':
    "import { x } from 'commander';\nimport { x as y } from 'dev-only';\nexport const program = x + y;\n",

  'packages/sdk/package.json': pkg('@fixture/sdk', {}),
  'packages/sdk/src/index.ts':
    "export { createShopClient } from './client.js';\nexport interface Order { id: string }\n",
  'packages/sdk/src/fetch/retry.ts': 'export const sleep = () => undefined;\n',
  'packages/sdk/src/path-serializer.ts': 'export const serialize = () => "";\n',
  // client → resources at run time, resources → client as types only: a cycle the rules allow.
  'packages/sdk/src/client.ts':
    "import { sleep } from './fetch/retry.js';\nimport { items } from './resources/items.js';\nexport interface ResourceContext { n: number }\nexport const createShopClient = () => [sleep, items];\n",
  'packages/sdk/src/resources/items.ts':
    "import type { ResourceContext } from '../client.js';\nexport const items = (ctx: ResourceContext) => ctx.n;\n",
  'packages/sdk/src/resources/orders.ts':
    "import { sleep } from '../fetch/retry.js';\nimport { serialize } from '../path-serializer.js';\nexport const orders = [sleep, serialize];\n",
  'packages/sdk/src/resources/payments.ts':
    "import { createShopClient } from '../client.js';\nexport const payments = createShopClient;\n",

  ...npmModule('dev-only'),
  ...npmModule('commander'),
};

const expected = [
  'server-http-not-db: packages/server/src/http/route.ts → packages/server/src/db/repo.ts',
  'server-domain-not-http: packages/server/src/domain/rule.ts → packages/server/src/http/helper.ts',
  'no-circular: packages/server/src/cycle-a.ts → packages/server/src/cycle-b.ts',
  'not-to-dev-dep: packages/server/src/uses-dev.ts → node_modules/dev-only/index.js',
  'cli-ui-not-services: packages/cli/src/ui/Screen.tsx → packages/cli/src/services/orders.ts',
  'cli-commands-sdk-types-only: packages/cli/src/commands/create.ts → packages/sdk/src/index.ts',
  'cli-not-to-unbundled-dev-dep: packages/cli/src/program.ts → node_modules/dev-only/index.js',
  'sdk-resources-not-transport: packages/sdk/src/resources/orders.ts → packages/sdk/src/fetch/retry.ts',
  'sdk-resources-not-transport: packages/sdk/src/resources/orders.ts → packages/sdk/src/path-serializer.ts',
  'sdk-resources-client-types-only: packages/sdk/src/resources/payments.ts → packages/sdk/src/client.ts',
].sort();

const failures = [];

const untested = config.forbidden
  .map((rule) => rule.name)
  .filter((name) => !expected.some((line) => line.startsWith(`${name}:`)));
if (untested.length > 0)
  failures.push(`rules without a breach in this check: ${untested.join(', ')}`);

// tsup bundles CLI_BUNDLED and the rules let src/ import those devDependencies: each must come
// in as a devDependency (its own, or a dependency of one that is bundled too), never as a
// dependency (it would be installed and bundled both).
const manifest = async (dir) => JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
const cliDir = join(root, 'packages/cli');
const cli = await manifest(cliDir);
const devs = Object.keys(cli.devDependencies ?? {});
const broughtIn = new Set(devs);
for (const name of CLI_BUNDLED.filter((n) => devs.includes(n))) {
  const dependency = await manifest(join(cliDir, 'node_modules', name));
  for (const sub of Object.keys(dependency.dependencies ?? {})) broughtIn.add(sub);
}
const stray = CLI_BUNDLED.filter((name) => !broughtIn.has(name));
if (stray.length > 0)
  failures.push(`CLI_BUNDLED names what no devDependency of @shop/cli brings: ${stray.join(', ')}`);
const both = CLI_BUNDLED.filter((name) => name in (cli.dependencies ?? {}));
if (both.length > 0)
  failures.push(`@shop/cli depends on what it also bundles (CLI_BUNDLED): ${both.join(', ')}`);
const tsup = await readFile(join(root, 'packages/cli/tsup.config.ts'), 'utf8');
if (!/noExternal:\s*bundled\b/.test(tsup) || !tsup.includes("'./bundled-dependencies.json'"))
  failures.push(
    'packages/cli/tsup.config.ts no longer takes noExternal from bundled-dependencies.json',
  );

const dir = await mkdtemp(join(tmpdir(), 'shop-dependency-rules-'));
try {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  const run = promisify(execFile);
  // Exit code 1 means "violations found", which is the point; anything else is a broken run.
  const { stdout } = await run(
    depcruise,
    ['packages', '--config', configPath, '--output-type', 'json'],
    { cwd: dir, maxBuffer: 16 * 1024 * 1024 },
  ).catch((error) => {
    if (error.code === 1 && error.stdout) return error;
    throw error;
  });
  const { summary } = JSON.parse(stdout);
  const reported = summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
  const missing = expected.filter((line) => !reported.includes(line));
  const extra = reported.filter((line) => !expected.includes(line));
  if (missing.length > 0) failures.push(`breaches not reported:\n  ${missing.join('\n  ')}`);
  if (extra.length > 0) failures.push(`allowed imports reported:\n  ${extra.join('\n  ')}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`dependency rules check failed:\n${failures.join('\n')}`);
  process.exit(1);
}
console.log(
  `dependency rules: each of the ${config.forbidden.length} rules fires on its breach, and only there`,
);
