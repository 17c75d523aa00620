import type { Schemas } from '../../api-types.js';
import type { Db } from '../../db/database.js';
import { insertInventory } from '../../db/repositories/inventory.js';
import {
  countItems,
  deleteItemById,
  findItemById,
  findItemByUpc,
  insertItem,
  listItems as listItemRecords,
  saveItem,
  type ItemRecord,
  type ItemSortBy,
  type SortDir,
} from '../../db/repositories/items.js';
import { DomainError } from '../errors.js';
import { newItemId } from '../ids.js';
import { centsToAmount, toCents } from '../money.js';
import { toPage, type Page, type PageRequest } from '../page.js';
import { inTransaction } from '../../db/transaction.js';

export type Item = Schemas['Item'];
export type ItemCreate = Schemas['ItemCreate'];
export type ItemUpdate = Schemas['ItemUpdate'];

export interface ItemListQuery extends PageRequest {
  sortBy: ItemSortBy;
  sortDir: SortDir;
}

const toItem = (record: ItemRecord): Item => ({
  itemId: record.itemId,
  upc: record.upc,
  itemName: record.itemName,
  unitPrice: centsToAmount(record.unitPriceCents),
  pictureUrls: record.pictureUrls,
  metadata: record.metadata,
  createdAt: record.createdAt,
  updatedAt: record.updatedAt,
});

/** Adds an item and its inventory (0 units), in one transaction. */
export function createItem(db: Db, input: ItemCreate, now: Date): Item {
  const unitPriceCents = toCents(input.unitPrice, 'unitPrice');
  const at = now.toISOString();
  const record: ItemRecord = {
    itemId: newItemId(now),
    upc: input.upc,
    itemName: input.itemName,
    unitPriceCents,
    pictureUrls: input.pictureUrls ?? [],
    metadata: input.metadata ?? {},
    createdAt: at,
    updatedAt: at,
  };
  inTransaction(db, () => {
    if (findItemByUpc(db, record.upc)) throw upcTaken(record.upc);
    insertItem(db, record);
    insertInventory(db, record.itemId, 0, at);
  });
  return toItem(record);
}

export function getItem(db: Db, itemId: string): Item {
  return toItem(existingItem(db, itemId));
}

export function getItemByUpc(db: Db, upc: string): Item {
  const record = findItemByUpc(db, upc);
  if (!record) throw new DomainError('item.not_found', `No item has UPC ${upc}.`);
  return toItem(record);
}

export function listItems(db: Db, query: ItemListQuery): Page<Item> {
  const content = listItemRecords(db, query, query.size, query.page * query.size).map(toItem);
  return toPage(content, query, countItems(db));
}

export function updateItem(db: Db, itemId: string, patch: ItemUpdate, now: Date): Item {
  const unitPriceCents =
    patch.unitPrice === undefined ? undefined : toCents(patch.unitPrice, 'unitPrice');
  return inTransaction(db, () => {
    const current = existingItem(db, itemId);
    if (patch.upc !== undefined && patch.upc !== current.upc && findItemByUpc(db, patch.upc)) {
      throw upcTaken(patch.upc);
    }
    const next: ItemRecord = {
      ...current,
      upc: patch.upc ?? current.upc,
      itemName: patch.itemName ?? current.itemName,
      unitPriceCents: unitPriceCents ?? current.unitPriceCents,
      pictureUrls: patch.pictureUrls ?? current.pictureUrls,
      metadata: patch.metadata ?? current.metadata,
      updatedAt: now.toISOString(),
    };
    saveItem(db, next);
    return toItem(next);
  });
}

/** Removes the item and its inventory; order lines keep their own copies of name and price. */
export function deleteItem(db: Db, itemId: string): void {
  if (!deleteItemById(db, itemId)) throw itemNotFound(itemId);
}

function existingItem(db: Db, itemId: string): ItemRecord {
  const record = findItemById(db, itemId);
  if (!record) throw itemNotFound(itemId);
  return record;
}

const itemNotFound = (itemId: string): DomainError =>
  new DomainError('item.not_found', `No item ${itemId}.`);

const upcTaken = (upc: string): DomainError =>
  new DomainError('item.upc_taken', `Another item already has UPC ${upc}.`);
