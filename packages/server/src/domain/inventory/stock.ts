import type { Schemas } from '../../api-types.js';
import type { Db } from '../../db/database.js';
import {
  findAvailableUnits,
  findInventory,
  updateAvailableUnits,
  type InventoryRecord,
} from '../../db/repositories/inventory.js';
import { DomainError } from '../errors.js';
import { inTransaction } from '../../db/transaction.js';

/** `view=full`. */
export type InventoryFull = Schemas['InventoryFull'];
/** `view=quick`: the cheap check a cart needs. */
export type InventoryQuick = Schemas['InventoryQuick'];
export type InventoryView = 'full' | 'quick';

const toFull = (record: InventoryRecord): InventoryFull => ({ ...record });

export function getInventory(db: Db, itemId: string, view: 'full'): InventoryFull;
export function getInventory(
  db: Db,
  itemId: string,
  view: InventoryView,
): InventoryFull | InventoryQuick;
export function getInventory(
  db: Db,
  itemId: string,
  view: InventoryView,
): InventoryFull | InventoryQuick {
  const record = findInventory(db, itemId);
  if (!record) throw inventoryNotFound(itemId);
  if (view === 'full') return toFull(record);
  return {
    itemId: record.itemId,
    availableUnits: record.availableUnits,
    inStock: record.availableUnits > 0,
  };
}

export function getAvailableUnits(db: Db, itemId: string): number {
  const units = findAvailableUnits(db, itemId);
  if (units === undefined) throw inventoryNotFound(itemId);
  return units;
}

/** Absolute set of the available units (reserved units are untouched). */
export function setAvailableUnits(db: Db, itemId: string, units: number, now: Date): InventoryFull {
  return inTransaction(db, () => {
    if (!updateAvailableUnits(db, itemId, units, now.toISOString())) {
      throw new DomainError('item.not_found', `No item ${itemId}.`);
    }
    return getInventory(db, itemId, 'full');
  });
}

const inventoryNotFound = (itemId: string): DomainError =>
  new DomainError('inventory.not_found', `No inventory for item ${itemId}.`, { itemId });
