import type {
  Item,
  ItemCreate,
  ItemListQuery as SdkItemListQuery,
  ItemPage,
  ItemUpdate,
} from '@shop/sdk';
import type { Context } from '../context.js';
import { client } from './client.js';

export type ItemSortField = NonNullable<SdkItemListQuery['sortBy']>;
type SortDir = NonNullable<SdkItemListQuery['sortDir']>;

export interface ItemListQuery {
  page: number;
  size: number;
  sortBy?: ItemSortField;
  sortDir?: SortDir;
}

export async function listItems(ctx: Context, query: ItemListQuery): Promise<ItemPage> {
  const { page, ...rest } = query;
  return (await client(ctx)).items.list(rest).page(page);
}

/** The catalog for the order picker, by name; bounded so a huge catalog cannot stall the screen. */
export async function catalog(ctx: Context, limit: number): Promise<Item[]> {
  const shop = await client(ctx);
  return shop.items.list({ sortBy: 'itemName', sortDir: 'asc', size: 100 }).toArray({ limit });
}

export async function getItem(ctx: Context, ref: { itemId?: string; upc?: string }): Promise<Item> {
  const shop = await client(ctx);
  return ref.upc !== undefined ? shop.items.getByUpc(ref.upc) : shop.items.get(ref.itemId ?? '');
}

export async function createItem(ctx: Context, body: ItemCreate): Promise<Item> {
  return (await client(ctx)).items.create(body);
}

export async function updateItem(ctx: Context, itemId: string, body: ItemUpdate): Promise<Item> {
  return (await client(ctx)).items.update(itemId, body);
}

export async function deleteItem(ctx: Context, itemId: string): Promise<void> {
  await (await client(ctx)).items.delete(itemId);
}
