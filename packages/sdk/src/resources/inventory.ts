import type { RequestOptions, ResourceContext } from './context.js';
import type {
  InventoryFull,
  InventoryOperation,
  InventoryOperationRequest,
  InventoryQuick,
} from '../types.js';
import { unwrap } from './result.js';

/** Stock levels and reservations. Reads are public; writes need an admin token. */
export interface InventoryResource {
  /** Full view: available and reserved units. */
  get(itemId: string, options?: RequestOptions): Promise<InventoryFull>;
  /**
   * Quick view: available units and whether the item is in stock. Answers are cached per client
   * by ETag: a repeated check sends `If-None-Match`, and a 304 is served from the cache, so
   * polling stock costs the server no body.
   */
  getQuick(itemId: string, options?: RequestOptions): Promise<InventoryQuick>;
  /** Sets the available units (admin). */
  set(itemId: string, availableUnits: number, options?: RequestOptions): Promise<InventoryFull>;
  /**
   * RESERVE or RELEASE units for an order (admin). Repeating an `operationId` with the same fields
   * changes nothing and returns the first result; `ConflictError` (`inventory.insufficient`,
   * `inventory.release_exceeds_reserved`) or `UnprocessableEntityError`
   * (`inventory.operation_conflict`) otherwise.
   */
  applyOperation(
    itemId: string,
    body: InventoryOperationRequest,
    options?: RequestOptions,
  ): Promise<InventoryOperation>;
  /**
   * Available units as a bare number.
   * @deprecated The API deprecates this endpoint; use `getQuick(itemId)` and its `availableUnits`.
   */
  getAvailableUnits(itemId: string, options?: RequestOptions): Promise<number>;
}

/** Enough for a storefront's worth of items; the oldest entry goes first beyond it. */
const ETAG_CACHE_SIZE = 500;

export function inventoryResource({ raw, init }: ResourceContext): InventoryResource {
  // A Map iterates in insertion order: re-inserting on use makes its first key the least recent.
  const quickCache = new Map<string, { etag: string; body: InventoryQuick }>();
  const remember = (itemId: string, entry: { etag: string; body: InventoryQuick }): void => {
    quickCache.delete(itemId);
    quickCache.set(itemId, entry);
    if (quickCache.size > ETAG_CACHE_SIZE) {
      quickCache.delete(quickCache.keys().next().value as string);
    }
  };

  return {
    async get(itemId, options) {
      const full = unwrap(
        await raw.GET('/api/inventory/{itemId}', {
          params: { path: { itemId }, query: { view: 'full' } },
          ...init(options),
        }),
      );
      return full as InventoryFull;
    },
    async getQuick(itemId, options) {
      const cached = quickCache.get(itemId);
      const { data, error, response } = await raw.GET('/api/inventory/{itemId}', {
        params: {
          path: { itemId },
          query: { view: 'quick' },
          ...(cached && { header: { 'If-None-Match': cached.etag } }),
        },
        ...init(options),
      });
      if (response.status === 304 && cached) {
        remember(itemId, cached);
        return { ...cached.body };
      }
      const quick = unwrap({ data, error, response }) as InventoryQuick;
      const etag = response.headers.get('etag');
      if (etag) remember(itemId, { etag, body: { ...quick } });
      else quickCache.delete(itemId);
      return quick;
    },
    async set(itemId, availableUnits, options) {
      return unwrap(
        await raw.PUT('/api/inventory/{itemId}', {
          params: { path: { itemId } },
          body: { availableUnits },
          ...init(options),
        }),
      );
    },
    async applyOperation(itemId, body, options) {
      return unwrap(
        await raw.POST('/api/inventory/{itemId}/operations', {
          params: { path: { itemId } },
          body,
          ...init(options),
        }),
      );
    },
    async getAvailableUnits(itemId, options) {
      return unwrap(
        await raw.GET('/api/inventory/{itemId}/available', {
          params: { path: { itemId } },
          ...init(options),
        }),
      );
    },
  };
}
