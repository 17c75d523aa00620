/** A per-table digest of a SQLite database, to prove a request changed nothing. */
import { createHash } from 'node:crypto';
import type { RunningServer } from '@shop/server';

type Db = RunningServer['db'];

/**
 * Tables that may change on a rejected request by design, so they are not compared:
 * - login_attempts: every failed login is recorded (that is how brute force is throttled);
 * - idempotency_keys: a key is claimed before the work runs, and 404/409/422 answers are stored
 *   for replay; expired keys are purged on any claim.
 * Everything else (accounts, settings, items, inventory, orders, order_lines, payments, outbox,
 * inventory_operations, processed_messages, applied_results, schema_migrations) must not change.
 */
export const BOOKKEEPING_TABLES = new Set(['login_attempts', 'idempotency_keys']);

export function tableDigests(db: Db): Map<string, string> {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .pluck()
    .all() as string[];
  const digests = new Map<string, string>();
  for (const table of tables) {
    if (BOOKKEEPING_TABLES.has(table)) continue;
    const hash = createHash('sha256');
    // Ordered by every column, not rowid: WITHOUT ROWID tables (order_lines, …) have none.
    const columns = db.prepare(`SELECT count(*) FROM pragma_table_info(?)`).pluck().get(table);
    const order = Array.from({ length: Number(columns) }, (_, i) => i + 1).join(', ');
    for (const row of db.prepare(`SELECT * FROM "${table}" ORDER BY ${order}`).raw().iterate()) {
      // Buffers (BLOB columns) serialise through their toJSON: deterministic, which is all we need.
      hash.update(JSON.stringify(row));
      hash.update('\n');
    }
    digests.set(table, hash.digest('hex'));
  }
  return digests;
}

/** Names of the tables whose digest differs. */
export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name));
}
