import type { RequestOptions, ResourceContext } from './context.js';
import type { paths } from '../generated/schema.js';
import { pagedList, type PagedList } from '../pagination.js';
import type { Input, Item, ItemCreate, ItemUpdate } from '../types.js';
import { unwrap } from './result.js';

/** Query of `items.list`: sorting, page size, and the page to start from. */
export type ItemListQuery = Input<NonNullable<paths['/api/items']['get']['parameters']['query']>>;

/** The catalog. Reads are public; writes need an admin token (else `ForbiddenError`). */
export interface ItemsResource {
  /**
   * All items, fetched page by page as you iterate (`for await`), or one page with `.page(n)`.
   * @example for await (const item of shop.items.list({ sortBy: 'itemName' })) { … }
   */
  list(query?: ItemListQuery, options?: RequestOptions): PagedList<Item>;
  /** One item by id; `NotFoundError` (`item.not_found`) when there is none. */
  get(itemId: string, options?: RequestOptions): Promise<Item>;
  /** One item by UPC; `NotFoundError` when there is none. */
  getByUpc(upc: string, options?: RequestOptions): Promise<Item>;
  /** Adds an item (admin) with 0 units in stock; `ConflictError` (`item.upc_taken`) on a used UPC. */
  create(body: Input<ItemCreate>, options?: RequestOptions): Promise<Item>;
  /** Changes any of an item's fields (admin, partial update). */
  update(itemId: string, body: Input<ItemUpdate>, options?: RequestOptions): Promise<Item>;
  /** Removes an item and its inventory (admin); orders keep their copied name and price. */
  delete(itemId: string, options?: RequestOptions): Promise<void>;
}

export function itemsResource({ raw, init }: ResourceContext): ItemsResource {
  return {
    list(query, options) {
      return pagedList(query, async (pageQuery) =>
        unwrap(await raw.GET('/api/items', { params: { query: pageQuery }, ...init(options) })),
      );
    },
    async get(itemId, options) {
      return unwrap(
        await raw.GET('/api/items/{itemId}', { params: { path: { itemId } }, ...init(options) }),
      );
    },
    async getByUpc(upc, options) {
      return unwrap(
        await raw.GET('/api/items/upc/{upc}', { params: { path: { upc } }, ...init(options) }),
      );
    },
    async create(body, options) {
      return unwrap(await raw.POST('/api/items', { body, ...init(options) }));
    },
    async update(itemId, body, options) {
      return unwrap(
        await raw.PUT('/api/items/{itemId}', {
          params: { path: { itemId } },
          body,
          ...init(options),
        }),
      );
    },
    async delete(itemId, options) {
      unwrap(
        await raw.DELETE('/api/items/{itemId}', { params: { path: { itemId } }, ...init(options) }),
      );
    },
  };
}
