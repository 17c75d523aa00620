import { randomBytes, randomUUID } from 'node:crypto';
import { openDatabase, type Db } from '../../db/database.js';

/**
 * Fixtures for the orders/payments domain tests: a real migrated in-memory SQLite database,
 * with accounts and items written as plain rows (the catalog's own rules are tested elsewhere).
 */
export const openTestDb = (): Db => openDatabase(':memory:');

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
