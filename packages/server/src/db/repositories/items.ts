import type { ApiParameters } from '../../api-types.js';
import type { Db } from '../database.js';
import { preparedPerDb } from './prepared.js';

export interface ItemRecord {
  itemId: string;
  upc: string;
  itemName: string;
  unitPriceCents: number;
  pictureUrls: string[];
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

interface ItemRow {
  item_id: string;
  upc: string;
  item_name: string;
  unit_price_cents: number;
  picture_urls: string;
  metadata: string;
  created_at: string;
  updated_at: string;
}

export type ItemSortBy = ApiParameters['ItemSortBy'];
export type SortDir = ApiParameters['SortDir'];

/**
 * Whitelisted sort columns: ORDER BY cannot take a bound parameter. Keyed by the contract's
 * sort fields, so one added to the spec fails the build here.
 */
const SORT_COLUMNS: Record<ItemSortBy, string> = {
  itemId: 'item_id',
  itemName: 'item_name',
  unitPrice: 'unit_price_cents',
  upc: 'upc',
  createdAt: 'created_at',
};

const fromRow = (row: ItemRow): ItemRecord => ({
  itemId: row.item_id,
  upc: row.upc,
  itemName: row.item_name,
  unitPriceCents: row.unit_price_cents,
  pictureUrls: JSON.parse(row.picture_urls) as string[],
  metadata: JSON.parse(row.metadata) as Record<string, unknown>,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toRow = (item: ItemRecord): ItemRow => ({
  item_id: item.itemId,
  upc: item.upc,
  item_name: item.itemName,
  unit_price_cents: item.unitPriceCents,
  picture_urls: JSON.stringify(item.pictureUrls),
  metadata: JSON.stringify(item.metadata),
  created_at: item.createdAt,
  updated_at: item.updatedAt,
});

const stmts = preparedPerDb((db) => {
  const pages = new Map<string, ReturnType<typeof db.prepare<[number, number], ItemRow>>>();
  return {
    byId: db.prepare<[string], ItemRow>('SELECT * FROM items WHERE item_id = ?'),
    byUpc: db.prepare<[string], ItemRow>('SELECT * FROM items WHERE upc = ?'),
    count: db.prepare<[], number>('SELECT count(*) FROM items').pluck(),
    insert: db.prepare<[ItemRow]>(
      `INSERT INTO items (item_id, upc, item_name, unit_price_cents, picture_urls, metadata,
         created_at, updated_at)
       VALUES (@item_id, @upc, @item_name, @unit_price_cents, @picture_urls, @metadata,
         @created_at, @updated_at)`,
    ),
    update: db.prepare<[ItemRow]>(
      `UPDATE items SET upc = @upc, item_name = @item_name, unit_price_cents = @unit_price_cents,
         picture_urls = @picture_urls, metadata = @metadata, updated_at = @updated_at
       WHERE item_id = @item_id`,
    ),
    delete: db.prepare<[string]>('DELETE FROM items WHERE item_id = ?'),
    page(sortBy: ItemSortBy, dir: SortDir) {
      const key = `${sortBy}:${dir}`;
      let stmt = pages.get(key);
      if (!stmt) {
        const order = dir === 'desc' ? 'DESC' : 'ASC';
        // item_id breaks ties, so pages never overlap or skip rows.
        stmt = db.prepare<[number, number], ItemRow>(
          `SELECT * FROM items ORDER BY ${SORT_COLUMNS[sortBy]} ${order}, item_id ${order} LIMIT ? OFFSET ?`,
        );
        pages.set(key, stmt);
      }
      return stmt;
    },
  };
});

export function findItemById(db: Db, itemId: string): ItemRecord | undefined {
  const row = stmts(db).byId.get(itemId);
  return row && fromRow(row);
}

export function findItemByUpc(db: Db, upc: string): ItemRecord | undefined {
  const row = stmts(db).byUpc.get(upc);
  return row && fromRow(row);
}

export const countItems = (db: Db): number => stmts(db).count.get() ?? 0;

export function listItems(
  db: Db,
  sort: { sortBy: ItemSortBy; sortDir: SortDir },
  limit: number,
  offset: number,
): ItemRecord[] {
  return stmts(db).page(sort.sortBy, sort.sortDir).all(limit, offset).map(fromRow);
}

export function insertItem(db: Db, item: ItemRecord): void {
  stmts(db).insert.run(toRow(item));
}

export function saveItem(db: Db, item: ItemRecord): void {
  stmts(db).update.run(toRow(item));
}

/** Deletes the item; its inventory row goes with it (ON DELETE CASCADE). */
export const deleteItemById = (db: Db, itemId: string): boolean =>
  stmts(db).delete.run(itemId).changes > 0;
