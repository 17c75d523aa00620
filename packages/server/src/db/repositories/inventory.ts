import type { Db } from '../database.js';
import { preparedPerDb } from './prepared.js';

export interface InventoryRecord {
  itemId: string;
  availableUnits: number;
  reservedUnits: number;
  updatedAt: string;
}

interface InventoryRow {
  item_id: string;
  available_units: number;
  reserved_units: number;
  updated_at: string;
}

const fromRow = (row: InventoryRow): InventoryRecord => ({
  itemId: row.item_id,
  availableUnits: row.available_units,
  reservedUnits: row.reserved_units,
  updatedAt: row.updated_at,
});

const stmts = preparedPerDb((db) => ({
  byItem: db.prepare<[string], InventoryRow>('SELECT * FROM inventory WHERE item_id = ?'),
  available: db
    .prepare<[string], number>('SELECT available_units FROM inventory WHERE item_id = ?')
    .pluck(),
  insert: db.prepare<[string, number, string]>(
    'INSERT INTO inventory (item_id, available_units, reserved_units, updated_at) VALUES (?, ?, 0, ?)',
  ),
  setAvailable: db.prepare<[number, string, string]>(
    'UPDATE inventory SET available_units = ?, updated_at = ? WHERE item_id = ?',
  ),
  // The WHERE guard keeps stock from going negative even if a caller skipped the check; the
  // table's CHECK constraints are the last line.
  reserve: db.prepare<[number, number, string, string, number]>(
    `UPDATE inventory
        SET available_units = available_units - ?, reserved_units = reserved_units + ?,
            updated_at = ?
      WHERE item_id = ? AND available_units >= ?`,
  ),
  release: db.prepare<[number, number, string, string]>(
    `UPDATE inventory
        SET available_units = available_units + ?,
            reserved_units = MAX(reserved_units - ?, 0), updated_at = ?
      WHERE item_id = ?`,
  ),
}));

export function findInventory(db: Db, itemId: string): InventoryRecord | undefined {
  const row = stmts(db).byItem.get(itemId);
  return row && fromRow(row);
}

/** Just the available units (the deprecated `/available` needs nothing else). */
export const findAvailableUnits = (db: Db, itemId: string): number | undefined =>
  stmts(db).available.get(itemId);

export function insertInventory(db: Db, itemId: string, availableUnits: number, at: string): void {
  stmts(db).insert.run(itemId, availableUnits, at);
}

/** Absolute set of the available units; reserved units are untouched. False if no row. */
export const updateAvailableUnits = (db: Db, itemId: string, units: number, at: string): boolean =>
  stmts(db).setAvailable.run(units, at, itemId).changes > 0;

/** Moves `quantity` units from available to reserved; false when fewer are available. */
export const reserveUnits = (db: Db, itemId: string, quantity: number, at: string): boolean =>
  stmts(db).reserve.run(quantity, quantity, at, itemId, quantity).changes > 0;

/** Gives `quantity` reserved units back to available. False if no row. */
export const releaseUnits = (db: Db, itemId: string, quantity: number, at: string): boolean =>
  stmts(db).release.run(quantity, quantity, at, itemId).changes > 0;
