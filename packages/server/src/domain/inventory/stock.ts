import type { Schemas } from '../../api-types.js';
import type { Db } from '../../db/database.js';
import {
  findAvailableUnits,
  findInventory,
  updateAvailableUnits,
  type InventoryRecord,
} from '../../db/repositories/inventory.js';
import { DomainError } from '../errors.js';
import { inImmediateTransaction } from '../../db/transaction.js';

/** `view=full`. */
export type InventoryFull = Schemas['InventoryFull'];
/** `view=quick`: the cheap check a cart needs. */
export type InventoryQuick = Schemas['InventoryQuick'];
export type InventoryView = 'full' | 'quick';

/**
 * The most units an item's stock may hold, available and reserved together: the contract's
 * maximum of `availableUnits`. Capping the sum (not just the value set) means giving reserved
 * units back can never push `availableUnits` past it.
 */
export const MAX_STOCK_UNITS = 1_000_000_000;

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

/**
 * Absolute set of the available units (reserved units are untouched). Refused with 409
 * `inventory.above_maximum` when available + reserved would exceed MAX_STOCK_UNITS.
 */
export function setAvailableUnits(db: Db, itemId: string, units: number, now: Date): InventoryFull {
  // Immediate: the reserved units read here must be the ones the write is checked against.
  return inImmediateTransaction(db, () => {
    const current = findInventory(db, itemId);
    if (!current) throw new DomainError('item.not_found', `No item ${itemId}.`);
    if (units + current.reservedUnits > MAX_STOCK_UNITS) {
      throw new DomainError(
        'inventory.above_maximum',
        `Item ${itemId} has ${current.reservedUnits} unit(s) reserved; available and reserved units together may not exceed ${MAX_STOCK_UNITS}, so at most ${MAX_STOCK_UNITS - current.reservedUnits} can be available.`,
        {
          itemId,
          requestedUnits: units,
          reservedUnits: current.reservedUnits,
          maxUnits: MAX_STOCK_UNITS,
        },
      );
    }
    updateAvailableUnits(db, itemId, units, now.toISOString());
    return getInventory(db, itemId, 'full');
  });
}

const inventoryNotFound = (itemId: string): DomainError =>
  new DomainError('inventory.not_found', `No inventory for item ${itemId}.`, { itemId });
