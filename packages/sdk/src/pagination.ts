import type { components } from './generated/schema.js';

/**
 * One page as the API returns it (Spring's names): `content`, 0-based `number`, `size`,
 * `totalElements`, `totalPages`, `first`, `last`. Derived from the spec's `ItemPage`, so the
 * three page schemas and this type cannot drift apart.
 */
export type Page<T> = {
  [K in keyof components['schemas']['ItemPage']]: K extends 'content'
    ? T[]
    : components['schemas']['ItemPage'][K];
};

/**
 * The result of a `list` method. Iterate it with `for await` to walk every item, page after page,
 * each page fetched only when the previous one is used up; or take one page with `page(n)`.
 *
 * @example
 * for await (const item of shop.items.list({ sortBy: 'itemName' })) console.log(item.itemName);
 * const first = await shop.items.list({ size: 50 }).page(0);
 * const some = await shop.orders.list().toArray({ limit: 200 });
 */
export interface PagedList<T> extends AsyncIterable<T> {
  /** Fetches one page (default: the list's starting page, 0 unless the query set `page`). */
  page(n?: number): Promise<Page<T>>;
  /**
   * Collects items into an array, at most `limit` of them. The limit is required so that a
   * growing collection cannot turn into an unbounded download; a missing one throws a TypeError.
   */
  toArray(options: { limit: number }): Promise<T[]>;
}

/**
 * Builds a {@link PagedList} for a list query: `query.page` (default 0) is where iteration
 * starts, and `fetchPage` gets the rest of the query with the page to fetch.
 */
export function pagedList<T, Q extends { page?: number }>(
  query: Q | undefined,
  fetchPage: (query: Omit<Q, 'page'> & { page: number }) => Promise<Page<T>>,
): PagedList<T> {
  const { page: start = 0, ...rest } = query ?? ({} as Q);
  const fetchNumber = (page: number): Promise<Page<T>> => fetchPage({ ...rest, page });
  async function* iterate(): AsyncGenerator<T, void, undefined> {
    for (let n = start; ; n++) {
      const page = await fetchNumber(n);
      yield* page.content;
      // `last` ends the walk; an empty page too, in case the collection shrank under us.
      if (page.last || page.content.length === 0) return;
    }
  }
  return {
    [Symbol.asyncIterator]: iterate,
    page: (n = start) => fetchNumber(n),
    toArray: (options) => collect(iterate(), options),
  };
}

/** One page of a cursor-paged list as the API returns it (`EventPage`'s shape). */
export interface CursorPage<T> {
  data: T[];
  /** Pass as `after` for the next page (newest first: as `before`). */
  nextCursor: number;
  hasMore: boolean;
}

/**
 * The result of a cursor-paged `list` (`events.list`): iterate it with `for await`, collect a
 * bounded number with `toArray`, or take one page with `page(after)`.
 */
export interface CursorList<T> extends AsyncIterable<T> {
  /**
   * Fetches one page from a cursor (`after`; newest first, `before`), by default the list's own,
   * as the API returns it.
   */
  page(cursor?: number): Promise<CursorPage<T>>;
  /** Collects at most `limit` entries; the limit is required, as for {@link PagedList}. */
  toArray(options: { limit: number }): Promise<T[]>;
}

/**
 * Builds a {@link CursorList}: from `after`, fetches a page, yields its `data`, and goes on from
 * `nextCursor` while `hasMore`.
 */
export function cursorList<T>(
  after: number | undefined,
  fetchPage: (after: number | undefined) => Promise<CursorPage<T>>,
): CursorList<T> {
  async function* iterate(): AsyncGenerator<T, void, undefined> {
    for (let cursor = after; ;) {
      const page = await fetchPage(cursor);
      yield* page.data;
      if (!page.hasMore || page.data.length === 0) return;
      cursor = page.nextCursor;
    }
  }
  return {
    [Symbol.asyncIterator]: iterate,
    page: (cursor = after) => fetchPage(cursor),
    toArray: (options) => collect(iterate(), options),
  };
}

/** At most `options.limit` entries of `entries`; a missing limit is a TypeError. */
async function collect<T>(entries: AsyncIterable<T>, options: { limit: number }): Promise<T[]> {
  const limit = (options as { limit?: unknown } | undefined)?.limit;
  if (typeof limit !== 'number' || !(limit >= 0)) {
    throw new TypeError(
      'toArray() needs { limit: number }: collecting a whole collection without a bound can download without end.',
    );
  }
  const items: T[] = [];
  if (limit === 0) return items;
  for await (const item of entries) {
    items.push(item);
    if (items.length >= limit) break;
  }
  return items;
}
