// What a user gets from each published package, checked before a release: builds, lints the
// package metadata (publint, attw), packs @shop/sdk, @shop/cli and @shop/server with `pnpm pack`,
// installs each tarball ALONE into its own empty npm project (no workspace, no other tarball),
// then uses it the documented ways: the bins, ESM and CJS imports, the server on port 0, and a
// TypeScript consumer under node16, nodenext and bundler with skipLibCheck off.
//
//   pnpm release:dry-run [--no-build] [--keep]
//
// --no-build: reuse the packages' dist/ (CI has just built them). --keep: leave the scratch
// projects in place and print where they are.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const args = new Set(process.argv.slice(2));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const pnpm = process.platform === 'win32' ? 'pnpm.cmd' : 'pnpm';
const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
// esbuild reads the installed dist/ to list what it really imports (template strings that
// merely look like require() calls, as in bundled code generators, are not imports to it).
const esbuild = createRequire(join(repoRoot, 'packages', 'sdk', 'package.json'))('esbuild');

const PACKAGES = ['sdk', 'cli', 'server'];
// Node modules that exist only as `node:…`; esbuild may drop the prefix (undici's optional
// `node:sqlite` cache store becomes `__require("sqlite")` in the CLI bundle): not packages.
const PREFIX_ONLY_BUILTINS = new Set(['sea', 'sqlite', 'test', 'test/reporters']);
const MODULE_RESOLUTIONS = ['node16', 'nodenext', 'bundler'];

// Under `pnpm run`, pnpm's own npm_config_* settings are in the environment; npm warns about
// each one it does not know. swagger-ui-dist's Scarf postinstall phones home unless told not to.
const userEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_/i.test(k))),
  SCARF_ANALYTICS: 'false',
};

const failures = [];
function check(ok, what) {
  console.log(`${ok ? '  ok  ' : '  FAIL'} ${what}`);
  if (!ok) failures.push(what);
}

async function sh(command, commandArgs, options = {}) {
  try {
    return await run(command, commandArgs, { maxBuffer: 64 * 1024 * 1024, ...options });
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim();
    throw new Error(`${command} ${commandArgs.join(' ')} failed:\n${output}`, { cause: error });
  }
}

/** `fn`'s failure becomes a failed check instead of ending the run. */
async function attempt(what, fn) {
  try {
    await fn();
  } catch (error) {
    check(false, `${what}: ${error.message}`);
  }
}

const work = mkdtempSync(join(tmpdir(), 'shop-release-dry-run-'));
const servers = [];
try {
  if (!args.has('--no-build')) {
    console.log('build');
    await sh(pnpm, ['run', 'build'], { cwd: repoRoot });
  }

  console.log('publint + attw');
  for (const name of PACKAGES) {
    await attempt(`@shop/${name} publint/attw`, async () => {
      await sh(pnpm, ['--filter', `@shop/${name}`, 'run', 'check:package'], { cwd: repoRoot });
      check(true, `@shop/${name}: publint and attw clean`);
    });
  }

  console.log('pack');
  const tarballs = {};
  for (const name of PACKAGES) {
    const dest = join(work, 'tarballs', name);
    mkdirSync(dest, { recursive: true });
    await sh(pnpm, ['--filter', `@shop/${name}`, 'pack', '--pack-destination', dest], {
      cwd: repoRoot,
    });
    const file = readdirSync(dest).find((f) => f.endsWith('.tgz'));
    if (!file) throw new Error(`pnpm pack left no tarball for @shop/${name}`);
    tarballs[name] = join(dest, file);
  }

  // All three at once: the server's better-sqlite3 may compile from source and takes longest.
  console.log('npm install, each tarball alone (better-sqlite3 may build from source)');
  const projects = Object.fromEntries(PACKAGES.map((name) => [name, join(work, name)]));
  await Promise.all(
    PACKAGES.map(async (name) => {
      const dir = projects[name];
      mkdirSync(dir);
      const manifest = { name: `dry-run-${name}`, version: '0.0.0', private: true, type: 'module' };
      await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      const started = Date.now();
      await sh(npm, ['install', '--no-audit', '--no-fund', tarballs[name]], {
        cwd: dir,
        env: userEnv,
      });
      console.log(`  @shop/${name} installed in ${Math.round((Date.now() - started) / 1000)} s`);
    }),
  );

  for (const name of PACKAGES) {
    await attempt(`@shop/${name} tarball`, () => checkManifestAndBundle(name, projects[name]));
  }

  console.log('@shop/sdk');
  await checkSdk(projects.sdk);
  console.log('@shop/server');
  const serverUrl = await checkServer(projects.server);
  console.log('@shop/cli');
  await checkCli(projects.cli, serverUrl);

  console.log('TypeScript consumers (strict, skipLibCheck false)');
  await checkTypes(
    'sdk',
    projects.sdk,
    {
      'consumer.ts': `import { createShopClient, NotFoundError } from '@shop/sdk';
import type { components } from '@shop/sdk/schema';
type Item = components['schemas']['Item'];
const shop = createShopClient({ baseUrl: 'http://localhost:4010' });
export const name = async (): Promise<Item['itemName'] | undefined> => {
  for await (const item of shop.items.list({ sortBy: 'itemName' })) return item.itemName;
  return undefined;
};
export const isNotFound = (error: unknown): boolean => error instanceof NotFoundError;
// The README's start of the log: an optional value passed on, under exactOptionalPropertyTypes.
export const follow = async (): Promise<void> => {
  const [newest] = await shop.events.list({ order: 'desc', limit: 1 }).toArray({ limit: 1 });
  for await (const event of shop.events.stream({ after: newest?.seq })) console.log(event.seq);
};
`,
      'webhooks.ts': `import { verifyWebhook, type ShopEvent } from '@shop/sdk/webhooks';
export const paymentOf = async (body: Uint8Array, headers: Headers): Promise<string | null> => {
  const event: ShopEvent = await verifyWebhook(body, headers, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
  return event.type === 'order.paid' ? event.data.object.paymentId : null;
};
`,
      // A CommonJS file of the same project: resolves the `require` types (index.d.cts).
      'consumer-cjs.cts': `import { createShopClient } from '@shop/sdk';
import { WebhookVerificationError } from '@shop/sdk/webhooks';
export const shop = createShopClient({ baseUrl: 'http://localhost:4010' });
export const refused = (error: unknown): boolean => error instanceof WebhookVerificationError;
`,
    },
    { exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true },
  );
  await checkTypes('server', projects.server, {
    'consumer.ts': `import { startServer, DEMO_CUSTOMER, type RunningServer } from '@shop/server';
const server: RunningServer = await startServer({ port: 0, seed: true });
const row: unknown = server.db.prepare('SELECT 1').get();
console.log(server.url, DEMO_CUSTOMER.email, row);
await server.close();
`,
  });
} catch (error) {
  check(false, error.message);
} finally {
  await Promise.all(servers.map((stop) => stop()));
  if (args.has('--keep')) console.log(`scratch projects kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`\nrelease dry-run: ${failures.length} check(s) failed`);
  process.exit(1);
}
console.log('\nrelease dry-run: every package installs alone and works');

function installed(project, name) {
  return join(project, 'node_modules', '@shop', name);
}

/**
 * The tarball's contents and its dependency split: a library is bundled (a devDependency) or
 * depended on (imported from dist/, not bundled), never both; nothing undeclared is imported.
 */
async function checkManifestAndBundle(name, project) {
  const dir = installed(project, name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  console.log(`@shop/${name} tarball`);
  check(
    readFileSync(join(dir, 'LICENSE'), 'utf8').includes('Copyright (c) 2026 The shop authors'),
    'LICENSE (MIT) included',
  );
  const entries = readdirSync(dir).sort();
  const unexpected = entries.filter(
    (f) =>
      ![
        'bin',
        'dist',
        'migrations',
        'package.json',
        'README.md',
        'LICENSE',
        'CHANGELOG.md',
      ].includes(f),
  );
  check(unexpected.length === 0, `only published files (${entries.join(', ')})`);
  for (const field of ['repository', 'homepage', 'bugs', 'keywords', 'engines']) {
    check(pkg[field] !== undefined, `package.json has ${field}`);
  }
  check(
    !Object.values(pkg.dependencies ?? {}).some((v) => /^(workspace|catalog):/.test(v)),
    'no workspace: or catalog: ranges',
  );

  const distFiles = readdirSync(join(dir, 'dist'))
    .filter((f) => /\.(c|m)?js$/.test(f))
    .map((f) => join(dir, 'dist', f));
  const result = await esbuild.build({
    // index.js and index.cjs would both be written as index.js: name the outputs apart.
    entryPoints: distFiles.map((file, i) => ({ in: file, out: String(i) })),
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    write: false,
    outdir: join(project, '.esbuild'),
    metafile: true,
    logLevel: 'silent',
  });
  const imported = new Set();
  for (const input of Object.values(result.metafile.inputs)) {
    for (const { path, external } of input.imports) {
      if (!external || isBuiltin(path)) continue;
      imported.add(packageName(path));
    }
  }
  // Packages whose files are located at run time (require.resolve('swagger-ui-dist/…')) count
  // too, and so do those a bundled CommonJS module requires (esbuild writes `__require('…')`).
  for (const file of distFiles) {
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(
      /(?:\.resolve|\b__require)\(\s*["']([^"'.][^"']*)["']/g,
    )) {
      if (!isBuiltin(spec) && !PREFIX_ONLY_BUILTINS.has(spec)) imported.add(packageName(spec));
    }
  }
  const runtime = Object.keys(pkg.dependencies ?? {}).filter((d) => !d.startsWith('@types/'));
  const undeclared = [...imported].filter((d) => !runtime.includes(d));
  const notImported = runtime.filter((d) => !imported.has(d));
  check(undeclared.length === 0, `dist imports only declared dependencies ${fmt(undeclared)}`);
  check(notImported.length === 0, `every dependency is imported, none bundled ${fmt(notImported)}`);
  const bundledToo = Object.keys(pkg.devDependencies ?? {}).filter((d) => runtime.includes(d));
  check(
    bundledToo.length === 0,
    `no library is both a dependency and a devDependency ${fmt(bundledToo)}`,
  );
}

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier) {
  return specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
}

function fmt(list) {
  return list.length ? `(offending: ${list.join(', ')})` : '';
}

/** Runs `source` with node in the scratch project (resolving its node_modules); stdout trimmed. */
async function nodeEval(project, inputType, source) {
  const { stdout } = await sh(process.execPath, [`--input-type=${inputType}`, '-e', source], {
    cwd: project,
  });
  return stdout.trim();
}

async function checkSdk(project) {
  const uses = [
    ['module', "import { createShopClient } from '@shop/sdk'", 'createShopClient'],
    ['commonjs', "const { createShopClient } = require('@shop/sdk')", 'createShopClient'],
    ['module', "import { verifyWebhook } from '@shop/sdk/webhooks'", 'verifyWebhook'],
    ['commonjs', "const { verifyWebhook } = require('@shop/sdk/webhooks')", 'verifyWebhook'],
  ];
  for (const [inputType, statement, name] of uses) {
    await attempt(statement, async () => {
      const type = await nodeEval(project, inputType, `${statement}; console.log(typeof ${name});`);
      check(type === 'function', `${statement} → ${type}`);
    });
  }
}

/** Starts `npx shop-server --port 0` from the install; resolves its URL (the CLI reuses it). */
async function checkServer(project) {
  let serverUrl;
  await attempt('shop-server', async () => {
    const child = spawn(npm, ['exec', '--no', '--', 'shop-server', '--port', '0'], {
      cwd: project,
      env: { ...userEnv, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: npm exec does not pass SIGTERM on to the server it started.
      detached: true,
    });
    servers.push(async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        process.kill(-child.pid, 'SIGTERM');
        await exited;
      }
    });
    let output = '';
    child.stderr.on('data', (chunk) => (output += chunk));
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL in 30 s:\n${output}`)), 30_000);
      child.stdout.on('data', (chunk) => {
        output += chunk;
        const found = /listening on (http:\/\/\S+)/.exec(output)?.[1];
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      });
      // 'close', not 'exit': the exit can be reported before the last of the output is read.
      child.on('close', (code, signal) =>
        reject(new Error(`exited with ${code ?? signal}:\n${output}`)),
      );
    });
    check(true, `npx shop-server --port 0 → ${url}`);
    serverUrl = url;
    await checkEndpoints(url);
  });
  await attempt('patched express-openapi-validator travels in dist/', () =>
    checkPatchedValidator(project),
  );
  await attempt("import { startServer } from '@shop/server'", async () => {
    const script = `import { startServer } from '@shop/server';
const server = await startServer({ port: 0 });
const response = await fetch(server.url + '/health');
console.log(response.status);
await server.close();`;
    const status = await nodeEval(project, 'module', script);
    check(status === '200', `import { startServer } from '@shop/server': /health → ${status}`);
  });
  return serverUrl;
}

/**
 * The server bundles a patched express-openapi-validator (docs/adr/0028): a pnpm patch alone
 * would not reach an npm install. Observed from the install, each change of the patch.
 */
async function checkPatchedValidator(project) {
  const script = `import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
const entry = import.meta.resolve('@shop/server');
// The bundle requires the validator's dependencies from its dist/ folder, as this does.
const pathToRegexp = createRequire(entry)('path-to-regexp');
const original = pathToRegexp.pathToRegexp;
let compiles = 0;
pathToRegexp.pathToRegexp = (...args) => (compiles++, original(...args));
const { startServer, contractMiddleware, DEFAULT_ADMIN } = await import('@shop/server');
const server = await startServer({ port: 0, db: ':memory:' });
const call = (method, path, body, token) =>
  fetch(server.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: 'Bearer ' + token } : {}) },
    body: body && JSON.stringify(body),
  });
const beforeFirst = compiles;
await call('GET', '/api/items?size=1');
const afterFirst = compiles;
for (let i = 0; i < 3; i++) await call('GET', '/api/items?size=2');
const { email, password } = DEFAULT_ADMIN;
const { token } = await (await call('POST', '/api/auth/login', { email, password })).json();
const price = async (upc, unitPrice) => {
  const response = await call('POST', '/api/items', { upc, itemName: 'Rounding', unitPrice }, token);
  const text = await response.text();
  return response.status === 400 && text.includes('multiple of 0.01') ? '400 multipleOf' : response.status;
};
const spec = fileURLToPath(new URL('openapi.yaml', entry));
const names = contractMiddleware(spec, false).map((handler) => handler.name);
console.log(JSON.stringify({
  routeMemo: afterFirst > beforeFirst && compiles === afterFirst,
  multipleOf: [await price('700000000901', 19.99), await price('700000000902', 19.999)],
  security: names.includes('requestMiddleware') && !names.includes('securityMiddleware'),
}));
await server.close();`;
  const result = JSON.parse(await nodeEval(project, 'module', script));
  check(result.routeMemo, 'validator compiles its routes on the first request only (route memo)');
  check(
    result.multipleOf.join() === '201,400 multipleOf',
    `multipleOf 0.01 allows for rounding: 19.99 → ${result.multipleOf[0]}, 19.999 → ${result.multipleOf[1]}`,
  );
  check(result.security, 'validator installs no security middleware (security is not validated)');
}

async function checkEndpoints(url) {
  const health = await fetch(`${url}/health`);
  check(health.status === 200, `GET /health → ${health.status}`);
  const docs = await fetch(`${url}/docs`);
  const docsHtml = await docs.text();
  check(
    docs.status === 200 && /swagger/i.test(docsHtml),
    `GET /docs → ${docs.status} (Swagger UI)`,
  );
  const asset = /src="([^"]+\.js)"/.exec(docsHtml)?.[1];
  if (asset) {
    const js = await fetch(new URL(asset, `${url}/docs/`));
    check(js.status === 200, `GET /docs asset ${asset} → ${js.status} (served from the install)`);
  }
  const spec = await fetch(`${url}/openapi.yaml`);
  const yaml = await spec.text();
  check(spec.status === 200 && /^openapi: 3/m.test(yaml), `GET /openapi.yaml → ${spec.status}`);
  const items = await fetch(`${url}/api/items?size=1`);
  const body = items.ok ? await items.json() : undefined;
  check((body?.content?.length ?? 0) > 0, `demo catalog seeded (GET /api/items → ${items.status})`);
}

async function checkCli(project, serverUrl) {
  const pkg = JSON.parse(readFileSync(join(installed(project, 'cli'), 'package.json'), 'utf8'));
  const shop = (...cliArgs) =>
    sh(npm, ['exec', '--no', '--', 'shop', ...cliArgs], {
      cwd: project,
      // A config directory of its own: nothing read from or written to the user's.
      env: {
        ...userEnv,
        SHOP_CONFIG_DIR: join(project, '.config'),
        SHOP_API_URL: serverUrl,
        NO_COLOR: '1',
      },
    });
  await attempt('npx shop --version', async () => {
    const { stdout } = await shop('--version');
    check(stdout.trim() === pkg.version, `npx shop --version → ${stdout.trim()}`);
  });
  await attempt('npx shop --help', async () => {
    const { stdout } = await shop('--help');
    check(/Usage: shop/.test(stdout), 'npx shop --help');
  });
  // Screens load lazily: import every chunk so a missing Ink/React dependency shows now.
  await attempt('CLI chunks load', async () => {
    const dist = join(installed(project, 'cli'), 'dist');
    const chunks = readdirSync(dist).filter((f) => f.endsWith('.js') && f !== 'bin.js');
    const script = `for (const f of ${JSON.stringify(chunks)}) await import(${JSON.stringify(dist)} + '/' + f);`;
    await nodeEval(project, 'module', script);
    check(true, `every dist chunk loads (${chunks.length}, Ink screens included)`);
  });
  // The trigger fixtures are bundled: listing them proves they load from the tarball.
  await attempt('shop trigger --list', async () => {
    const { stdout } = await shop('trigger', '--list', '--json');
    check(
      JSON.parse(stdout).some((fixture) => fixture.event === 'order.paid'),
      'npx shop trigger --list --json (fixtures from the packed CLI)',
    );
  });
  if (serverUrl) {
    await attempt('shop items list', async () => {
      const { stdout } = await shop('items', 'list', '--json', '--size', '1');
      check(
        JSON.parse(stdout).content.length === 1,
        'npx shop items list --json against the packed server',
      );
    });
    await attempt('shop trigger order.paid', async () => {
      const login = await fetch(`${serverUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'customer@shop.local', password: 'customer-password' }),
      });
      const { token } = await login.json();
      const { stdout } = await sh(
        npm,
        ['exec', '--no', '--', 'shop', 'trigger', 'order.paid', '--json', '--timeout', '20s'],
        {
          cwd: project,
          env: {
            ...userEnv,
            SHOP_CONFIG_DIR: join(project, '.config'),
            SHOP_API_URL: serverUrl,
            SHOP_TOKEN: token,
          },
        },
      );
      const types = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).type);
      check(
        types.includes('order.created') && types.includes('order.paid'),
        `npx shop trigger order.paid against the packed server (${types.join(', ')})`,
      );
    });
  }
}

/** `strict` consumers of `name`; `options` adds compiler flags (the SDK promises the strictest). */
async function checkTypes(name, project, files, options = {}) {
  for (const [file, source] of Object.entries(files)) await writeFile(join(project, file), source);
  for (const resolution of MODULE_RESOLUTIONS) {
    const bundler = resolution === 'bundler';
    const include = Object.keys(files).filter((f) => !(bundler && f.endsWith('.cts')));
    const config = {
      compilerOptions: {
        strict: true,
        skipLibCheck: false,
        noEmit: true,
        target: 'ES2022',
        lib: ['ES2023', 'DOM'],
        module: bundler ? 'ESNext' : resolution,
        moduleResolution: resolution,
        ...options,
      },
      files: include,
    };
    const tsconfig = join(project, `tsconfig.${resolution}.json`);
    await writeFile(tsconfig, JSON.stringify(config, null, 2));
    await attempt(`@shop/${name} types under ${resolution}`, async () => {
      await sh(process.execPath, [tsc, '-p', tsconfig], { cwd: project });
      check(
        true,
        `@shop/${name} types under moduleResolution ${resolution} (${include.join(', ')})`,
      );
    });
  }
  if (!existsSync(tsc)) check(false, `TypeScript not found at ${tsc}`);
}
