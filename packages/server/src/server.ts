import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import type { AppContext } from './context.js';
import { openDatabase, type Db } from './db/database.js';
import { seedIfEmpty } from './db/seed.js';
import { authLimits, type AuthLimits } from './domain/auth/limits.js';
import { createPasswordHasher } from './domain/auth/passwords.js';
import { resolveJwtSecret } from './domain/auth/tokens.js';
import { parseFaultSpec, type FaultConfig } from './http/faults.js';
import { releaseAbandonedClaims } from './http/idempotency.js';
import { answerClientError } from './http/client-error.js';
import { createLogger, type LogLevel } from './http/logging.js';
import { findSpecPath } from './package-files.js';
import { createPaymentWorker } from './payments/worker.js';

export const DEFAULT_PAYMENT_DELAY_MS = 300;

export interface StartServerOptions {
  /** 0 picks a free port. Default 4010. */
  port?: number;
  /** Interface to listen on; default all. */
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
  /** Admin seeded into an empty database. */
  adminEmail?: string;
  adminPassword?: string;
  /** Login and registration throttles per client address; unset fields keep the defaults. */
  authLimits?: Partial<AuthLimits>;
  /** Injectable clock (tests). */
  now?: () => Date;
}

export interface RunningServer {
  url: string;
  port: number;
  db: Db;
  /** Stops accepting, lets in-flight requests finish, stops the worker, closes the database. */
  close(): Promise<void>;
}

/** Opens the database, seeds it, builds the app and listens; resolves once it accepts. */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const logger = createLogger(options.logLevel ?? 'silent');
  const seed = options.seed ?? true;
  const db = openDatabase(options.db ?? ':memory:');
  const passwords = createPasswordHasher();
  try {
    const now = options.now ?? (() => new Date());
    const ctx: AppContext = {
      db,
      logger,
      now,
      jwtSecret: resolveJwtSecret(db, options.jwtSecret),
      passwords,
      authLimits: authLimits(options.authLimits),
      paymentDelayMs: options.paymentDelayMs ?? DEFAULT_PAYMENT_DELAY_MS,
      notifyOutbox: () => undefined,
    };
    const seedAccounts = { adminEmail: options.adminEmail, adminPassword: options.adminPassword };
    if (seed) await seedIfEmpty(db, passwords, now(), seedAccounts);
    releaseAbandonedClaims(db);
    const worker = createPaymentWorker(ctx);
    ctx.notifyOutbox = () => worker.kick();
    const app = createApp(ctx, {
      specPath: findSpecPath(),
      validateResponses: options.validateResponses ?? false,
      faults: typeof options.faults === 'string' ? parseFaultSpec(options.faults) : options.faults,
      dev: options.dev ?? false,
      seed: seed ? seedAccounts : false,
      corsOrigin: options.corsOrigin,
    });
    const server = createServer(app);
    server.on('clientError', answerClientError);
    await listen(server, options.port ?? 4010, options.host);
    const port = (server.address() as AddressInfo).port;
    worker.start();

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
        });
        await worker.stop();
        await passwords.close();
        db.close();
      })();
      return closing;
    };
    return { url: `http://127.0.0.1:${port}`, port, db, close };
  } catch (error) {
    await passwords.close();
    db.close();
    throw error;
  }
}

function listen(server: Server, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
