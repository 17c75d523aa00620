import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { migrate, openDatabase, type Db } from '../src/db/database.js';
import { findSpecPath } from '../src/package-files.js';
import { MULTIPLE_OF_PRECISION } from '../src/http/validator.js';

/**
 * Fixtures for the orders/payments domain tests: a real migrated in-memory SQLite database,
 * with accounts and items written as plain rows (the catalog's own rules are tested elsewhere).
 */
export const openTestDb = (): Db => openDatabase(':memory:');

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

/**
 * A database migrated only as far as `last` (inclusive), as a server of that time left it;
 * `upgrade` applies the migrations that came after.
 */
export function databaseUpTo(last: string): { db: Db; upgrade: () => void; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'shop-migrations-'));
  for (const file of readdirSync(migrationsDir).filter((f) => f <= last)) {
    copyFileSync(join(migrationsDir, file), join(dir, file));
  }
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, dir);
  return {
    db,
    upgrade: () => migrate(db, migrationsDir),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function insertAccount(db: Db, paymentMethod = 'pm_card_visa'): string {
  const accountId = randomUUID();
  const at = new Date().toISOString();
  db.prepare(
    `INSERT INTO accounts (account_id, email, username, password_hash, payment_method, role,
                           created_at, updated_at)
     VALUES (?, ?, 'tester', 'x', ?, 'customer', ?, ?)`,
  ).run(accountId, `${accountId}@example.test`, paymentMethod, at, at);
  return accountId;
}

export function insertItem(
  db: Db,
  opts: { priceCents?: number; units?: number; name?: string } = {},
): string {
  const itemId = randomBytes(12).toString('hex');
  const at = new Date().toISOString();
  db.prepare(
    `INSERT INTO items (item_id, upc, item_name, unit_price_cents, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(
    itemId,
    String(Date.now()) + String(Math.floor(Math.random() * 1e6)),
    opts.name ?? 'Thing',
    opts.priceCents ?? 1999,
    at,
    at,
  );
  db.prepare('INSERT INTO inventory (item_id, available_units, updated_at) VALUES (?, ?, ?)').run(
    itemId,
    opts.units ?? 10,
    at,
  );
  return itemId;
}

export const stockOf = (db: Db, itemId: string) =>
  db
    .prepare('SELECT available_units, reserved_units FROM inventory WHERE item_id = ?')
    .get(itemId) as { available_units: number; reserved_units: number } | undefined;

/**
 * A validator for one of the spec's component schemas (the message schemas have no HTTP route,
 * so nothing else checks them). OpenAPI 3.1 schemas are JSON Schema 2020-12.
 */
export function specSchemaValidator(name: string): (value: unknown) => string | null {
  const ajv = specAjv();
  const validate = ajv.getSchema(`spec#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name} in the spec`);
  return (value) => (validate(value) ? null : ajv.errorsText(validate.errors));
}

let cachedAjv: Ajv2020 | undefined;
function specAjv(): Ajv2020 {
  if (cachedAjv) return cachedAjv;
  // The same `multipleOf` tolerance as the server's validator (Money is `multipleOf: 0.01`).
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    multipleOfPrecision: MULTIPLE_OF_PRECISION,
  });
  // ajv-formats is CommonJS with `exports.default`: NodeNext types see the namespace.
  addFormats.default(ajv);
  ajv.addFormat('int64', true);
  ajv.addSchema({ $id: 'spec', ...(parse(readFileSync(findSpecPath(), 'utf8')) as object) });
  cachedAjv = ajv;
  return ajv;
}

/**
 * An Idempotency-Key claimed by a request still running elsewhere (another process on the same
 * file, or a server of an earlier version) at `atMs`: this server itself never leaves one.
 */
export function insertInFlightClaim(
  db: Db,
  key: { accountId: string; key: string; requestHash: string },
  atMs: number,
): void {
  db.prepare(
    `INSERT INTO idempotency_keys (account_id, idempotency_key, request_hash, state, created_at,
                                   expires_at)
     VALUES (?, ?, ?, 'IN_FLIGHT', ?, ?)`,
  ).run(key.accountId, key.key, key.requestHash, atMs, atMs + 24 * 60 * 60 * 1000);
}
