import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIPv6, type AddressInfo } from 'node:net';
import { createApp } from './app.js';
import type { AppContext } from './context.js';
import { openDatabase, type Db } from './db/database.js';
import { seedIfEmpty } from './seed.js';
import { authLimits, type AuthLimits } from './domain/auth/limits.js';
import { releaseAbandonedClaims, startIdempotencyPurge } from './domain/idempotency/idempotency.js';
import { createPasswordHasher } from './domain/auth/passwords.js';
import { resolveJwtSecret } from './domain/auth/tokens.js';
import { parseFaultSpec, type FaultConfig } from './http/faults.js';
import { answerClientError } from './http/client-error.js';
import { createLogger, prettyDestination, type LogFormat, type LogLevel } from './http/logging.js';
import { findSpecPath, serverVersion } from './package-files.js';
import { DEFAULT_EVENT_RETENTION_MS } from './domain/events/log.js';
import { createWebhookDeliverer } from './domain/webhooks/deliverer.js';
import { DEFAULT_SCHEDULE_MS } from './domain/webhooks/schedule.js';
import { createPaymentWorker } from './payments/worker.js';
import { StartupError } from './startup-error.js';

const DEFAULT_PAYMENT_DELAY_MS = 300;
/** Loopback only: a reference server with demo credentials is not for the whole network. */
export const DEFAULT_HOST = '127.0.0.1';
/** The port of the contract's local server URL (`servers` in openapi.yaml). */
export const DEFAULT_PORT = 4010;

export interface StartServerOptions {
  /** 0 picks a free port. Default {@link DEFAULT_PORT}. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1 (this machine only); '0.0.0.0' or '::' for all. */
  host?: string;
  /** SQLite file path or ':memory:' (default). */
  db?: string;
  /** Seed the demo catalog and accounts into an empty database. Default true. */
  seed?: boolean;
  /** Mount POST /_dev/reset. Default false. */
  dev?: boolean;
  /** Fault injection: a spec string ("rate=0.2,status=503") or parsed config; off if absent. */
  faults?: string | FaultConfig;
  /** Base delay of the in-process payment processor (ms). */
  paymentDelayMs?: number;
  /** HS256 secret; default: generated once and kept in the database. */
  jwtSecret?: string;
  /** Browser origins allowed to call the API: '*' or exact origins. Default: any port of
   * http://localhost and http://127.0.0.1. */
  corsOrigin?: '*' | readonly string[];
  /** Validate every response against the contract. Default false. */
  validateResponses?: boolean;
  /** Default 'silent' (tests must be quiet); the CLI entry point passes 'info'. */
  logLevel?: LogLevel;
  /** Default 'json' (pino's lines on stdout); 'pretty' prints one readable line per request. */
  logFormat?: LogFormat;
  /** Admin seeded into an empty database. */
  adminEmail?: string;
  adminPassword?: string;
  /** Login and registration throttles per client address; unset fields keep the defaults. */
  authLimits?: Partial<AuthLimits>;
  /** Injectable clock (tests). */
  now?: () => Date;
  /** Webhook retry delays, e.g. `fast` or `0,1s,5s` (parsed), default the 10-attempt schedule. */
  webhookSchedule?: readonly number[];
  /** How long events are kept (ms). Default 30 days. */
  eventRetentionMs?: number;
  /** Event stream keep-alive comment interval (ms). Default 15 s. */
  streamKeepAliveMs?: number;
  /** Event stream lifetime (ms). Default 10 minutes. */
  streamMaxMs?: number;
  /** A webhook receiver's time to answer (ms). Default 15 s. */
  webhookTimeoutMs?: number;
}

export interface RunningServer {
  /** Where a client on this machine reaches it, e.g. http://127.0.0.1:4010. */
  url: string;
  port: number;
  /** The interface it listens on, as given (default 127.0.0.1). */
  host: string;
  db: Db;
  /** Stops accepting, lets in-flight requests finish, stops the worker, closes the database. */
  close(): Promise<void>;
}

/** Listens, opens the database, seeds it and builds the app; resolves once it answers. */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const logger = createLogger(
    options.logLevel ?? 'silent',
    options.logFormat === 'pretty' ? await prettyDestination() : undefined,
  );
  const seed = options.seed ?? true;
  // The port first: a busy one (most often a second copy of a server already running on the
  // same database file) fails at once and leaves the database alone. Requests that arrive while
  // the rest starts wait for the app.
  const server = createServer();
  server.on('clientError', answerClientError);
  const early: [IncomingMessage, ServerResponse][] = [];
  const queue = (req: IncomingMessage, res: ServerResponse): void => void early.push([req, res]);
  server.on('request', queue);
  const host = options.host ?? DEFAULT_HOST;
  await listen(server, options.port ?? DEFAULT_PORT, host);
  const port = (server.address() as AddressInfo).port;
  let db: Db | undefined;
  const passwords = createPasswordHasher();
  try {
    const openDb = openDatabase(options.db ?? ':memory:');
    db = openDb;
    const now = options.now ?? (() => new Date());
    const paymentDelayMs = options.paymentDelayMs ?? DEFAULT_PAYMENT_DELAY_MS;
    // The server owns the payment worker: built here, started once the app serves, stopped on
    // close before the database is.
    const worker = createPaymentWorker({ db, logger, now, paymentDelayMs });
    const ctx: AppContext = {
      db,
      logger,
      now,
      jwtSecret: resolveJwtSecret(db, options.jwtSecret),
      passwords,
      authLimits: authLimits(options.authLimits),
      paymentDelayMs,
      notifyOutbox: worker.kick,
      events: {
        dev: options.dev ?? false,
        streamKeepAliveMs: options.streamKeepAliveMs ?? 15_000,
        streamMaxMs: options.streamMaxMs ?? 10 * 60_000,
        openReaders: new Set(),
      },
    };
    const seedAccounts = { adminEmail: options.adminEmail, adminPassword: options.adminPassword };
    if (seed) await seedIfEmpty(db, passwords, now(), seedAccounts);
    releaseAbandonedClaims(db);
    const faults =
      typeof options.faults === 'string' ? parseFaultSpec(options.faults) : options.faults;
    const deliverer = createWebhookDeliverer(ctx, {
      schedule: options.webhookSchedule ?? DEFAULT_SCHEDULE_MS,
      dev: options.dev ?? false,
      retentionMs: options.eventRetentionMs ?? DEFAULT_EVENT_RETENTION_MS,
      version: serverVersion(),
      ...(options.webhookTimeoutMs === undefined ? {} : { timeoutMs: options.webhookTimeoutMs }),
      faults:
        faults?.target === 'deliveries'
          ? { rate: faults.rate, kind: faults.delivery, delayMs: faults.latencyMs }
          : undefined,
    });
    const app = createApp(ctx, {
      specPath: findSpecPath(),
      validateResponses: options.validateResponses ?? false,
      faults,
      dev: options.dev ?? false,
      seed: seed ? seedAccounts : false,
      corsOrigin: options.corsOrigin,
    });
    server.off('request', queue);
    server.on('request', app);
    for (const [req, res] of early.splice(0)) app(req, res);
    worker.start();
    const stopPurge = startIdempotencyPurge(openDb, now, (error) =>
      logger.error({ err: error }, 'could not purge expired idempotency keys'),
    );
    deliverer.start();

    let closing: Promise<void> | undefined;
    const close = (): Promise<void> => {
      closing ??= (async () => {
        await new Promise<void>((resolve, reject) => {
          // Keep-alive sockets hold close() open until they time out: close each one as soon
          // as it has no request in flight (in-flight requests finish first).
          const sweep = setInterval(() => server.closeIdleConnections(), 20);
          server.close((error) => {
            clearInterval(sweep);
            if (error) reject(error);
            else resolve();
          });
          server.closeIdleConnections();
          // Streams and long polls would hold close() open until they end on their own.
          for (const end of [...ctx.events.openReaders]) end();
        });
        stopPurge();
        await deliverer.stop();
        await worker.stop();
        await passwords.close();
        openDb.close();
      })();
      return closing;
    };
    return { url: `http://${reachableHost(host)}:${port}`, port, host, db, close };
  } catch (error) {
    await passwords.close();
    db?.close();
    server.closeAllConnections();
    server.close();
    throw error;
  }
}

/** The host part of a URL that reaches `host` from this machine. */
function reachableHost(host: string): string {
  // Wildcards accept loopback too (`::` is dual-stack by default).
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return isIPv6(host) ? `[${host}]` : host;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException): void => reject(listenError(error, port, host));
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve();
    });
  });
}

/** The ways listening fails that the person starting the server can fix, said in their terms. */
function listenError(error: NodeJS.ErrnoException, port: number, host: string): Error {
  const options = { code: error.code, cause: error };
  switch (error.code) {
    case 'EADDRINUSE':
      return new StartupError(`port ${port} is already in use on ${host}`, {
        ...options,
        hint: 'stop the other server, or pick another port with --port N (or PORT=N; 0 = any free port)',
      });
    case 'EACCES':
      return new StartupError(`no permission to listen on port ${port}`, {
        ...options,
        hint: 'ports below 1024 need privileges; pick another with --port N',
      });
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartupError(`cannot listen on host "${host}": not an address of this machine`, {
        ...options,
        hint: 'pick another with --host (127.0.0.1 for this machine, 0.0.0.0 for all interfaces)',
      });
    default:
      return error;
  }
}
