import { parseArgs } from 'node:util';
import { parseCorsOrigin } from './http/cors.js';
import type { AuthLimits } from './domain/auth/limits.js';
import { MAX_PASSWORD_BYTES } from './domain/auth/passwords.js';
import { FaultSpecError, parseFaultSpec } from './http/faults.js';
import { parseDuration, parseSchedule } from './domain/webhooks/schedule.js';
import type { LogLevel } from './http/logging.js';
import { DEFAULT_HOST, DEFAULT_PORT, type StartServerOptions } from './server.js';

export { DEFAULT_HOST, DEFAULT_PORT };
/** Relative to the working directory (the repo root under `pnpm start`). */
export const DEFAULT_DB_PATH = '.shop/shop.db';

const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

export const USAGE = `Usage: shop-server [--port ${DEFAULT_PORT}] [--host ${DEFAULT_HOST}] [--db PATH|:memory:] [--no-seed] [--dev] [--faults SPEC]
                   [--cors-origin LIST|*] [--webhook-schedule fast|LIST] [--event-retention DURATION]

Options:
  --port N        port to listen on (env PORT; default ${DEFAULT_PORT}; 0 = any free port)
  --host ADDR     interface to listen on (env SHOP_HOST or HOST; default ${DEFAULT_HOST}, this
                  machine only; 0.0.0.0 or :: accepts connections from other machines)
  --db PATH       SQLite file, or :memory: (env SHOP_DB; default ${DEFAULT_DB_PATH})
  --no-seed       do not seed the demo catalog and accounts into an empty database
  --dev           enable POST /_dev/reset; webhook endpoints may be loopback/private addresses
  --faults SPEC   inject faults, e.g. "rate=0.2,status=503,latency=200ms,phase=before"
                  (env SHOP_FAULTS; status may be "reset"; enables the Prefer: fault=… header);
                  "target=deliveries,rate=0.5,delivery=drop|delay|bad-signature" hits webhook
                  deliveries instead (delay uses latency)
  --webhook-schedule fast|LIST
                  webhook retry delays (env SHOP_WEBHOOK_SCHEDULE): "fast" (0,100ms,…,1.6s) or a
                  list like "0,1s,5s"; default 0,5s,5m,30m,2h,5h,10h,14h,20h,24h (±20 % jitter)
  --event-retention DURATION
                  how long events are kept, e.g. 30d, 12h (env SHOP_EVENT_RETENTION; default 30d)
  --cors-origin LIST
                  browser origins allowed to call the API: "*" or comma-separated origins
                  (env SHOP_CORS_ORIGIN; default any http://localhost:* and http://127.0.0.1:*)
  -h, --help      show this help

Environment: SHOP_JWT_SECRET, SHOP_ADMIN_EMAIL, SHOP_ADMIN_PASSWORD, SHOP_PAYMENT_DELAY_MS,
SHOP_VALIDATE_RESPONSES=1, LOG_LEVEL (fatal|error|warn|info|debug|trace|silent; default info),
SHOP_AUTH_LIMITS per client address, e.g. "login=5,spray=50,register=20" (failed logins per
email in 15 min, failed logins over all emails in 15 min, registrations per hour).`;

/** A usage mistake: printed as one line, exit code 2. */
export class UsageError extends Error {}

export type CliConfig =
  | { help: true }
  | ({ help: false } & Required<
      Pick<StartServerOptions, 'port' | 'host' | 'db' | 'seed' | 'dev' | 'logLevel'>
    > &
      StartServerOptions);

/** Flags win over environment variables, which win over defaults. */
export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv): CliConfig {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      allowNegative: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        'no-seed': { type: 'boolean' },
        dev: { type: 'boolean' },
        faults: { type: 'string' },
        'cors-origin': { type: 'string' },
        'webhook-schedule': { type: 'string' },
        'event-retention': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  if (values.help) return { help: true };

  const faults = values.faults ?? nonEmpty(env.SHOP_FAULTS);
  if (faults !== undefined) {
    try {
      parseFaultSpec(faults);
    } catch (error) {
      if (error instanceof FaultSpecError) throw new UsageError(`--faults: ${error.message}`);
      throw error;
    }
  }
  const corsOrigin = values['cors-origin'] ?? nonEmpty(env.SHOP_CORS_ORIGIN);
  let parsedCors;
  try {
    parsedCors = corsOrigin === undefined ? undefined : parseCorsOrigin(corsOrigin);
  } catch (error) {
    throw new UsageError(`--cors-origin: ${(error as Error).message}`);
  }
  const jwtSecret = nonEmpty(env.SHOP_JWT_SECRET);
  if (jwtSecret !== undefined && Buffer.byteLength(jwtSecret) < 32) {
    throw new UsageError('SHOP_JWT_SECRET must be at least 32 bytes long');
  }
  const logLevel = (nonEmpty(env.LOG_LEVEL) ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new UsageError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const paymentDelay = nonEmpty(env.SHOP_PAYMENT_DELAY_MS);
  const adminPassword = nonEmpty(env.SHOP_ADMIN_PASSWORD);
  if (adminPassword !== undefined && Buffer.byteLength(adminPassword) > MAX_PASSWORD_BYTES) {
    throw new UsageError(
      `SHOP_ADMIN_PASSWORD must be at most ${MAX_PASSWORD_BYTES} bytes long (bcrypt ignores the rest)`,
    );
  }
  const limits = nonEmpty(env.SHOP_AUTH_LIMITS);
  const schedule = values['webhook-schedule'] ?? nonEmpty(env.SHOP_WEBHOOK_SCHEDULE);
  let webhookSchedule;
  try {
    webhookSchedule = schedule === undefined ? undefined : parseSchedule(schedule);
  } catch (error) {
    throw new UsageError(`--webhook-schedule: ${(error as Error).message}`);
  }
  const retention = values['event-retention'] ?? nonEmpty(env.SHOP_EVENT_RETENTION);
  let eventRetentionMs;
  try {
    eventRetentionMs = retention === undefined ? undefined : parseDuration(retention);
    // 0 reads like "no limit" elsewhere; here it would remove every event, with its pending
    // deliveries, as soon as it was written.
    if (eventRetentionMs === 0)
      throw new Error('must be longer than 0; leave it out for the default');
  } catch (error) {
    throw new UsageError(`--event-retention: ${(error as Error).message}`);
  }

  return {
    help: false,
    port: integer(values.port ?? nonEmpty(env.PORT) ?? String(DEFAULT_PORT), 'port', 0, 65535),
    host: host(values.host ?? nonEmpty(env.SHOP_HOST) ?? nonEmpty(env.HOST) ?? DEFAULT_HOST),
    db: values.db ?? nonEmpty(env.SHOP_DB) ?? DEFAULT_DB_PATH,
    seed: !values['no-seed'],
    dev: values.dev ?? false,
    logLevel,
    validateResponses:
      env.SHOP_VALIDATE_RESPONSES === '1' || env.SHOP_VALIDATE_RESPONSES === 'true',
    ...(faults === undefined ? {} : { faults }),
    ...(parsedCors === undefined ? {} : { corsOrigin: parsedCors }),
    ...(jwtSecret === undefined ? {} : { jwtSecret }),
    ...(paymentDelay === undefined
      ? {}
      : { paymentDelayMs: integer(paymentDelay, 'SHOP_PAYMENT_DELAY_MS', 0, 600_000) }),
    ...(nonEmpty(env.SHOP_ADMIN_EMAIL) === undefined ? {} : { adminEmail: env.SHOP_ADMIN_EMAIL }),
    ...(adminPassword === undefined ? {} : { adminPassword }),
    ...(limits === undefined ? {} : { authLimits: parseAuthLimits(limits) }),
    ...(webhookSchedule === undefined ? {} : { webhookSchedule }),
    ...(eventRetentionMs === undefined ? {} : { eventRetentionMs }),
  };
}

const AUTH_LIMIT_KEYS: Readonly<Record<string, keyof AuthLimits>> = {
  login: 'loginFailuresPerEmailClient',
  spray: 'loginFailuresPerClient',
  register: 'registrationsPerClient',
};

/** `login=5,spray=50,register=20` (any subset) → the matching AuthLimits fields. */
function parseAuthLimits(spec: string): Partial<AuthLimits> {
  const limits: Partial<AuthLimits> = {};
  for (const part of spec.split(',')) {
    const [name = '', value = ''] = part.split('=').map((s) => s.trim());
    const field = AUTH_LIMIT_KEYS[name];
    if (field === undefined) {
      throw new UsageError(
        `SHOP_AUTH_LIMITS: unknown limit "${name}" (use ${Object.keys(AUTH_LIMIT_KEYS).join(', ')})`,
      );
    }
    limits[field] = integer(value, `SHOP_AUTH_LIMITS ${name}`, 1, 1_000_000);
  }
  return limits;
}

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value;

// A bracketed IPv6 literal is how URLs write it; listen() wants it bare.
function host(value: string): string {
  const bare = value.trim().replace(/^\[(.*)\]$/, '$1');
  if (bare === '' || /[\s/]/.test(bare)) {
    throw new UsageError(`host must be an IP address or host name, got "${value}"`);
  }
  return bare;
}

function integer(value: string, what: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
    throw new UsageError(`${what} must be an integer ${min}..${max}, got "${value}"`);
  }
  return n;
}
