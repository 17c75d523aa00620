// Runs an example the way a user gets it: the SDK packed into a tarball (`pnpm pack`, not the
// workspace link), installed with npm into a temporary copy of the example, run against a
// reference server started for it. Usage, from an example's folder:
//   node ../../packages/sdk/scripts/test-example.mjs [--with-server] <script> [args…]
// --with-server: the example starts its own server from @shop/server, so the server is packed
// and installed from its tarball as well, and none is started for it.
// Needs `pnpm build` first (the SDK's dist and the server's).
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnServer } from '@shop/test-kit/child-server';

const withServer = process.argv[2] === '--with-server';
const [script, ...args] = process.argv.slice(withServer ? 3 : 2);
if (!script) throw new Error('usage: test-example.mjs [--with-server] <script> [args…]');
const packages = withServer ? ['@shop/sdk', '@shop/server'] : ['@shop/sdk'];
const exampleDir = process.cwd();
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const pnpm = process.platform === 'win32' ? 'pnpm.cmd' : 'pnpm';

const withoutNpmConfig = (env) =>
  Object.fromEntries(Object.entries(env).filter(([name]) => !/^npm_config_/i.test(name)));

const work = mkdtempSync(join(tmpdir(), `shop-example-${basename(exampleDir)}-`));
let server;
try {
  for (const name of packages) {
    execFileSync(pnpm, ['--filter', name, 'pack', '--pack-destination', work], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  const tarballs = readdirSync(work).filter((name) => name.endsWith('.tgz'));
  if (tarballs.length !== packages.length) throw new Error(`pnpm pack left ${tarballs} in ${work}`);

  const app = join(work, 'app');
  cpSync(exampleDir, app, {
    recursive: true,
    filter: (source) => !relative(exampleDir, source).split(/[\\/]/).includes('node_modules'),
  });
  execFileSync(
    npm,
    [
      'install',
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      ...tarballs.map((tarball) => join(work, tarball)),
    ],
    // Under `pnpm test`, pnpm's own npm_config_* settings are in the environment; npm warns
    // about each one it does not know, so it gets the environment without them.
    { cwd: app, stdio: ['ignore', 'ignore', 'inherit'], env: withoutNpmConfig(process.env) },
  );

  // The example must run on the packed copies, not on the workspace's packages.
  for (const name of packages) {
    const resolved = realpathSync(createRequire(join(app, 'package.json')).resolve(name));
    if (!resolved.startsWith(realpathSync(app))) {
      throw new Error(`${name} resolved to ${resolved}, outside the example's own install`);
    }
    console.log(`${name} from its tarball → ${relative(work, resolved)}`);
  }

  if (!withServer) server = await spawnServer(['--db', ':memory:']);
  const child = spawn(process.execPath, [resolve(app, script), ...args], {
    cwd: app,
    env: { ...process.env, ...(server ? { SHOP_API_URL: server.url } : {}) },
    stdio: 'inherit',
  });
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`${script} exited with ${code}`);
} finally {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
}
