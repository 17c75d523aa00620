import { parseConfig, USAGE, UsageError } from './config.js';
import { DEFAULT_ADMIN, DEMO_CUSTOMER } from './db/seed.js';
import { startServer } from './server.js';

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

  const server = await startServer(config);
  const base = `http://localhost:${server.port}`;
  const lines = [
    `shop-server listening on ${base}`,
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
  lines.push('', 'Point the shop CLI at it:', `  export SHOP_API_URL=${base}`, '  shop login', '');
  process.stdout.write(`${lines.join('\n')}\n`);

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
}

main().catch((error: unknown) => {
  process.stderr.write(
    `shop-server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
