// The runtime suite: packs @shop/sdk, installs the tarball into a scratch npm project, and runs
// the one flow (src/flow.ts) under Node ESM, Node CJS, Bun, Deno, workerd and headless Chromium
// against the built reference server, spawned by @shop/test-kit's one child-server starter. A
// runtime that cannot run on this machine is reported as skipped with the reason, never as passed.
// Exit 1 when any runtime failed.
import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const require = createRequire(import.meta.url);
const run = promisify(execFile);

const CHROMIUM = process.env.SHOP_CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** One runtime's whole flow, start-up included. */
const RUNTIME_TIMEOUT_MS = 90_000;

/** Thrown by a runtime's setup when the runtime is not there: reported as skipped. */
class Unavailable extends Error {}

const log = (line) => process.stdout.write(`${line}\n`);

/**
 * The path of the binary an npm package ships, after checking that it runs here. `locate` gets
 * the package's directory; the binary itself, not a Node wrapper script, so that stopping it
 * stops the runtime.
 */
async function packageBinary(pkg, locate) {
  let path;
  try {
    path = await locate(dirname(require.resolve(`${pkg}/package.json`)));
  } catch {
    throw new Unavailable(`npm package "${pkg}" is not installed (pnpm install)`);
  }
  try {
    await run(path, ['--version'], { timeout: 30_000 });
  } catch (error) {
    const why = (error.stderr || error.message).trim().split('\n')[0];
    throw new Unavailable(`${pkg}'s binary does not run on this machine: ${why}`);
  }
  return path;
}

/** Runs a process to its end; resolves with its output, rejects with it on failure. */
function exec(file, args, options) {
  return run(file, args, { timeout: RUNTIME_TIMEOUT_MS, maxBuffer: 16 << 20, ...options }).catch(
    (error) => {
      const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim();
      throw new Error(`${file} exited ${error.code ?? error.signal}\n${output}`);
    },
  );
}

/** The steps from a runtime's `FLOW-OK [...]` line. */
function flowSteps(stdout) {
  const line = stdout.split('\n').find((l) => l.startsWith('FLOW-OK '));
  if (line === undefined) throw new Error(`no FLOW-OK line in the output:\n${stdout}`);
  return JSON.parse(line.slice('FLOW-OK '.length));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Packs the SDK and installs the tarball, with the flow and the entry files, into `dir`. */
async function prepareProject(dir, esbuild) {
  await exec('pnpm', ['--filter', '@shop/sdk', 'pack', '--pack-destination', dir], { cwd: repo });
  const tarball = (await readdir(dir)).find((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error('pnpm pack wrote no tarball');
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'shop-runtime-flow', private: true }, null, 2),
  );
  await exec('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `./${tarball}`], {
    cwd: dir,
  });
  // The flow, types stripped, its imports left as they are.
  await esbuild.build({
    entryPoints: [join(here, 'src', 'flow.ts')],
    outfile: join(dir, 'flow.mjs'),
    format: 'esm',
    target: 'es2022',
    logLevel: 'error',
  });
  for (const name of await readdir(join(here, 'entries'))) {
    await copyFile(join(here, 'entries', name), join(dir, name));
  }
  return tarball;
}

/** Bundles an entry with the installed SDK for a runtime that has no module resolution. */
function bundle(esbuild, dir, entry, outfile, conditions) {
  return esbuild.build({
    absWorkingDir: dir,
    entryPoints: [join(dir, entry)],
    outfile: join(dir, outfile),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions,
    target: 'es2022',
    logLevel: 'error',
  });
}

/** Each runtime: prepare (may throw Unavailable) and run the flow, returning its steps. */
function runtimes({ dir, esbuild, api, blocked }) {
  return [
    {
      name: 'Node ESM',
      run: async () =>
        flowSteps((await exec(process.execPath, ['esm.mjs', api.url], { cwd: dir })).stdout),
    },
    {
      name: 'Node CJS',
      run: async () =>
        flowSteps((await exec(process.execPath, ['cjs.cjs', api.url], { cwd: dir })).stdout),
    },
    {
      name: 'Bun',
      run: async () => {
        const bun = await packageBinary('bun', (root) => join(root, 'bin', 'bun.exe'));
        return flowSteps((await exec(bun, ['esm.mjs', api.url], { cwd: dir })).stdout);
      },
    },
    {
      name: 'Deno',
      run: async () => {
        const deno = await packageBinary('deno', (root) => join(root, 'deno'));
        const { stdout } = await exec(
          deno,
          ['run', '--allow-net=127.0.0.1', '--allow-read', '--allow-env', 'esm.mjs', api.url],
          {
            cwd: dir,
            env: { ...process.env, DENO_DIR: join(dir, '.deno'), DENO_NO_UPDATE_CHECK: '1' },
          },
        );
        return flowSteps(stdout);
      },
    },
    {
      name: 'workerd',
      run: async () => {
        const workerd = await packageBinary(
          'workerd',
          // Its bin/workerd is a Node script that spawns the real binary, whose path it exports
          // (as `default` of a CommonJS module, so one level down from here).
          () => require('workerd').default,
        );
        await bundle(esbuild, dir, 'worker.mjs', 'worker.js', ['workerd', 'worker', 'browser']);
        return runWorkerd(workerd, dir, api.url);
      },
    },
    {
      name: 'Chromium',
      run: async () => {
        if (!existsSync(CHROMIUM)) {
          throw new Unavailable(`${CHROMIUM} not found (apt-get install -y chromium)`);
        }
        await bundle(esbuild, dir, 'browser.mjs', 'browser.js', ['browser']);
        return runChromium(dir, api.port, blocked.port);
      },
    },
  ];
}

async function runWorkerd(workerd, dir, apiUrl) {
  const port = await freePort();
  const child = spawn(
    workerd,
    ['serve', 'worker.capnp', '--socket-addr', `http=127.0.0.1:${port}`],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  // 'close', not 'exit': the exit can be reported before the last of the output is read, and
  // the failure message below quotes that output.
  let closed;
  const exited = new Promise((resolve) =>
    child.once('close', (code, signal) => resolve((closed = { code, signal }))),
  );
  try {
    const deadline = Date.now() + 30_000;
    const target = `http://127.0.0.1:${port}/?api=${encodeURIComponent(apiUrl)}`;
    for (;;) {
      if (closed) throw new Error(`workerd exited ${closed.code ?? closed.signal}\n${output}`);
      try {
        const response = await fetch(target, { signal: AbortSignal.timeout(RUNTIME_TIMEOUT_MS) });
        const result = await response.json();
        if (!result.ok) throw new Error(result.error);
        return result.steps;
      } catch (error) {
        // Not listening yet: try again until the deadline; anything else is the flow's failure.
        if (error?.cause?.code !== 'ECONNREFUSED' || Date.now() > deadline) {
          throw new Error(`${error.message}${output ? `\nworkerd said:\n${output}` : ''}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** The page on http://127.0.0.1:<p>, the API on http://localhost:<port>: another origin. */
async function runChromium(dir, apiPort, blockedPort) {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new Unavailable('npm package "playwright-core" is not installed');
  }
  const files = {
    '/': ['page.html', 'text/html'],
    '/browser.js': ['browser.js', 'text/javascript'],
  };
  const pages = createServer(async (request, response) => {
    const file = files[new URL(request.url, 'http://x').pathname];
    if (file === undefined) return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': file[1] }).end(await readFile(join(dir, file[0])));
  });
  await new Promise((resolve) => pages.listen(0, '127.0.0.1', resolve));
  let browser;
  try {
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    } catch (error) {
      throw new Unavailable(`Chromium does not start: ${error.message.split('\n')[0]}`);
    }
    const page = await browser.newPage();
    const messages = [];
    page.on('console', (message) => messages.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => messages.push(`pageerror: ${error.message}`));
    const query = new URLSearchParams({
      api: `http://localhost:${apiPort}`,
      blocked: `http://localhost:${blockedPort}`,
    });
    await page.goto(`http://127.0.0.1:${pages.address().port}/?${query}`);
    const handle = await page
      .waitForFunction(() => globalThis.flowResult, null, { timeout: RUNTIME_TIMEOUT_MS })
      .catch((error) => {
        throw new Error(`${error.message}\nconsole:\n${messages.join('\n')}`);
      });
    const result = await handle.jsonValue();
    if (!result.ok) throw new Error(`${result.error}\nconsole:\n${messages.join('\n')}`);
    return result.steps;
  } finally {
    await browser?.close();
    await new Promise((resolve) => pages.close(resolve));
  }
}

async function main() {
  const started = Date.now();
  const { spawnServer } = await import('@shop/test-kit/child-server');
  const esbuild = await import('esbuild');
  const dir = await mkdtemp(join(tmpdir(), 'shop-runtimes-'));
  const servers = [];
  const results = [];
  try {
    const tarball = await prepareProject(dir, esbuild);
    log(`installed ${tarball} into a scratch npm project`);
    const api = await spawnServer(['--db', ':memory:']);
    servers.push(api);
    // Allows only an origin no page has: the browser must block it, and the SDK must say so.
    const blocked = await spawnServer([
      '--db',
      ':memory:',
      '--cors-origin',
      'http://blocked.invalid',
    ]);
    servers.push(blocked);
    log(`reference server on ${api.url}\n`);

    // `node run.mjs bun node-cjs` runs only those (summary names, any case, - for a space).
    const key = (name) => name.toLowerCase().replace(/ /g, '-');
    const only = process.argv.slice(2).map(key);
    const selected = runtimes({ dir, esbuild, api, blocked }).filter(
      (runtime) => only.length === 0 || only.includes(key(runtime.name)),
    );
    if (selected.length === 0) throw new Error(`no runtime is named ${only.join(' or ')}`);
    for (const runtime of selected) {
      const t0 = Date.now();
      const result = { name: runtime.name, ms: 0, status: 'passed', detail: '' };
      try {
        const steps = await runtime.run();
        result.detail = `${steps.length} steps`;
        log(`✓ ${runtime.name}\n${steps.map((step) => `    ${step}`).join('\n')}`);
      } catch (error) {
        result.status = error instanceof Unavailable ? 'skipped' : 'failed';
        result.detail = error.message;
        log(`${result.status === 'skipped' ? '-' : '✗'} ${runtime.name}: ${error.message}`);
      }
      result.ms = Date.now() - t0;
      results.push(result);
    }
  } finally {
    await Promise.all(servers.map((server) => server.close()));
    await rm(dir, { recursive: true, force: true });
    // esbuild's service process would otherwise keep this one alive.
    await esbuild.stop();
  }

  const count = (status) => results.filter((r) => r.status === status).length;
  log(`\nRuntime summary (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  for (const r of results) {
    const detail = r.status === 'passed' ? r.detail : r.detail.split('\n')[0];
    log(
      `  ${r.name.padEnd(9)} ${r.status.padEnd(8)} ${(r.ms / 1000).toFixed(1).padStart(5)} s  ${detail}`,
    );
  }
  log(
    `runtimes: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`,
  );
  process.exitCode = count('failed') > 0 ? 1 : 0;
}

await main();
