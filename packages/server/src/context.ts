import type { Logger } from 'pino';
import type { Db } from './db/database.js';
import type { AuthLimits } from './domain/auth/limits.js';
import type { PasswordHasher } from './domain/auth/passwords.js';

/**
 * What every router and the payment worker get: built once by `createApp`/`startServer`.
 * Domain functions take the pieces they need (usually `db` and `now`), never the whole context.
 */
export interface AppContext {
  db: Db;
  logger: Logger;
  /** Injectable clock: idempotency expiry, token expiry and tests use it. */
  now: () => Date;
  /** HS256 secret for access tokens (from SHOP_JWT_SECRET or kept in the database). */
  jwtSecret: Uint8Array;
  /** bcrypt on a worker pool (owned by the server: closed with it). */
  passwords: PasswordHasher;
  /** Login and registration throttles per client address. */
  authLimits: AuthLimits;
  /** Base delay of the in-process payment processor (SHOP_PAYMENT_DELAY_MS). */
  paymentDelayMs: number;
  /** Wakes the payment worker after a transaction wrote to the outbox. */
  notifyOutbox: () => void;
  /** The event log's readers and webhook endpoints. */
  events: EventSettings;
}

interface EventSettings {
  /** `--dev`: webhook endpoints may point at loopback and private addresses. */
  dev: boolean;
  /** Keep-alive comment interval of the event stream. */
  streamKeepAliveMs: number;
  /** The event stream closes after this long (clients resume with Last-Event-ID). */
  streamMaxMs: number;
  /** Open streams and long polls, ended when the server closes (they would hold close open). */
  openReaders: Set<() => void>;
}
