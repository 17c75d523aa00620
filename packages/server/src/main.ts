import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig, USAGE, UsageError } from './config.js';
import { DEFAULT_ADMIN, DEMO_CUSTOMER } from './seed.js';
import { logFormatFor } from './http/logging.js';
import { startServer } from './server.js';
import { formatStartupError } from './startup-error.js';

/** `shop-server`: flags and env → startServer → banner; SIGTERM/SIGINT close it gracefully. */
async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`shop-server: ${error.message} (see --help)\n`);
      process.exit(2);
    }
    throw error;
  }
  if (config.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  const server = await startServer({ ...config, logFormat: logFormatFor(process.stdout) });
  // Before the banner: the banner tells supervisors (and the test kit) the server is ready, and
  // a SIGTERM sent the moment it appears must drain, not kill by default action.
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      // A second signal: the user wants out now.
      process.exit(130);
    }
    stopping = true;
    process.stderr.write(`shop-server: ${signal}, finishing in-flight requests…\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shop-server: error while closing: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  const base = `http://${bannerHost(config.host)}:${server.port}`;
  const lines = [
    `shop-server listening on ${base}`,
    `  host:      ${config.host} (${hostScope(config.host)})`,
    `  API docs:  ${base}/docs   (contract: ${base}/openapi.yaml)`,
    `  database:  ${config.db}`,
  ];
  if (config.seed) {
    lines.push(
      `  admin:     ${config.adminEmail ?? DEFAULT_ADMIN.email} / ${config.adminPassword === undefined ? DEFAULT_ADMIN.password : '(SHOP_ADMIN_PASSWORD)'}`,
      `  customer:  ${DEMO_CUSTOMER.email} / ${DEMO_CUSTOMER.password}`,
    );
  }
  if (config.dev) lines.push('  dev mode:  POST /_dev/reset empties and re-seeds the database');
  if (config.faults) lines.push(`  faults:    ${config.faults}`);
  lines.push(
    '',
    'Point the shop CLI at it:',
    `  export SHOP_API_URL=${base}`,
    `  ${shopCommand()} login`,
    '',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

const WILDCARDS = new Set(['0.0.0.0', '::']);
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** localhost for this machine's own addresses: the SDK's and the CLI's default host too. */
function bannerHost(host: string): string {
  if (WILDCARDS.has(host) || host === '127.0.0.1') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

function hostScope(host: string): string {
  if (LOOPBACK.has(host)) return 'this machine only; --host 0.0.0.0 accepts other machines';
  if (WILDCARDS.has(host)) return 'all interfaces: other machines can connect';
  return 'that interface only';
}

/**
 * How to run the CLI from where the server was started: inside this repository the workspace's
 * built CLI (not on PATH), relative to the working directory; anywhere else the installed `shop`.
 */
function shopCommand(): string {
  const workspaceCli = join(
    dirname(fileURLToPath(import.meta.url)),
    '..',
    '..',
    'cli',
    'dist',
    'bin.js',
  );
  return existsSync(workspaceCli) ? `node ${relative(process.cwd(), workspaceCli)}` : 'shop';
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${formatStartupError(error, { debug: ['debug', 'trace'].includes(process.env.LOG_LEVEL ?? '') })}\n`,
  );
  process.exit(1);
});
