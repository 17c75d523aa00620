import type { RequestOptions, ResourceContext } from './context.js';
import { ShopTimeoutError, ShopWaitError } from '../errors.js';
import type { paths } from '../generated/schema.js';
import { pagedList, type PagedList } from '../pagination.js';
import type { Order, OrderCreate, OrderStatus } from '../types.js';
import { unwrap } from './result.js';

/** Query of `orders.list`: a status filter, page size, and the page to start from. */
export type OrderListQuery = NonNullable<paths['/api/orders']['get']['parameters']['query']>;

/** Options of `orders.waitFor`. */
export interface WaitForOptions {
  /** Statuses that end the wait. Default: `PAID` and every final status. */
  until?: readonly OrderStatus[];
  /** Give up after this many ms with a `ShopTimeoutError` naming the last status. Default 60 000. */
  timeoutMs?: number;
  /** Cancels the wait; its reason is rethrown. */
  signal?: AbortSignal;
  /** Called with the order each time its status is seen to change (and once at the start). */
  onStatus?: (order: Order) => void;
}

/** Place, read, list, cancel and wait for orders (your own; others' are `NotFoundError`). */
export interface OrdersResource {
  /**
   * Places an order and reserves its stock; it comes back `INVENTORY_RESERVED` and is paid
   * asynchronously (see `waitFor`). An `Idempotency-Key` is generated per call (or pass
   * `idempotencyKey`) and reused on every retry, so a retried create places one order.
   * Throws `ConflictError` (`inventory.insufficient`; the problem names the item and units) or
   * `UnprocessableEntityError` (`order.item_not_found`, `order.duplicate_item`,
   * `idempotency.key_reused`).
   */
  create(body: OrderCreate, options?: RequestOptions): Promise<Order>;
  /** One order by id. */
  get(orderId: string, options?: RequestOptions): Promise<Order>;
  /** Your orders, newest first, fetched page by page as you iterate. */
  list(query?: OrderListQuery, options?: RequestOptions): PagedList<Order>;
  /**
   * Cancels an order. `PENDING`/`INVENTORY_RESERVED` become `CANCELLED` at once; a `PAID` order
   * comes back still `PAID` and turns `REFUNDED` once the refund completes (wait for it with
   * `waitFor(id, { until: ['REFUNDED'] })`). `ConflictError` (`order.not_cancellable`) otherwise.
   */
  cancel(orderId: string, options?: RequestOptions): Promise<Order>;
  /**
   * Polls the order (0.25 s, growing to 2 s between polls) until its status is one of `until`,
   * and returns it.
   *
   * Throws `ShopTimeoutError` (with `lastStatus`) when `timeoutMs` passes first, and
   * {@link ShopWaitError} as soon as the order reaches a status from which none of `until` can
   * follow (e.g. `CANCELLED` while waiting for `PAID`) — waiting longer could not help.
   */
  waitFor(orderId: string, options?: WaitForOptions): Promise<Order>;
}

/** The order life cycle of the contract; a new status in the spec fails the build here. */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  PENDING: ['INVENTORY_RESERVED', 'FAILED', 'CANCELLED'],
  INVENTORY_RESERVED: ['PAID', 'PAYMENT_FAILED', 'CANCELLED'],
  PAID: ['REFUNDED'],
  PAYMENT_FAILED: [],
  FAILED: [],
  CANCELLED: [],
  REFUNDED: [],
};

const DEFAULT_UNTIL: readonly OrderStatus[] = [
  'PAID',
  'PAYMENT_FAILED',
  'FAILED',
  'CANCELLED',
  'REFUNDED',
];

/** Whether some status of `until` can still follow `from`. */
function canReach(from: OrderStatus, until: readonly OrderStatus[]): boolean {
  const seen = new Set<OrderStatus>();
  const stack = [from];
  for (let status = stack.pop(); status !== undefined; status = stack.pop()) {
    if (until.includes(status)) return true;
    if (seen.has(status)) continue;
    seen.add(status);
    stack.push(...NEXT[status]);
  }
  return false;
}

export function ordersResource({ raw, init, sleep }: ResourceContext): OrdersResource {
  const get = async (orderId: string, options?: RequestOptions): Promise<Order> =>
    unwrap(
      await raw.GET('/api/orders/{orderId}', { params: { path: { orderId } }, ...init(options) }),
    );

  return {
    async create(body, options) {
      return unwrap(await raw.POST('/api/orders', { body, ...init(options) }));
    },
    get,
    list(query, options) {
      return pagedList(query, async (pageQuery) =>
        unwrap(await raw.GET('/api/orders', { params: { query: pageQuery }, ...init(options) })),
      );
    },
    async cancel(orderId, options) {
      return unwrap(
        await raw.DELETE('/api/orders/{orderId}', {
          params: { path: { orderId } },
          ...init(options),
        }),
      );
    },
    async waitFor(orderId, { until = DEFAULT_UNTIL, timeoutMs = 60_000, signal, onStatus } = {}) {
      // One signal for the polls and the sleeps: the caller's abort, or our deadline.
      const controller = new AbortController();
      const deadline = Symbol('deadline');
      const onAbort = (): void => controller.abort(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) onAbort();
      const timer = setTimeout(() => controller.abort(deadline), timeoutMs);
      let last: Order | undefined;
      try {
        for (let delay = 250; ; delay = Math.min(delay * 1.5, 2_000)) {
          const order = await get(orderId, { signal: controller.signal });
          if (order.status !== last?.status) onStatus?.(order);
          last = order;
          if (until.includes(order.status)) return order;
          if (!canReach(order.status, until)) throw new ShopWaitError(order, until);
          await sleep(delay, controller.signal);
        }
      } catch (error) {
        if (controller.signal.reason === deadline) {
          throw new ShopTimeoutError(
            `Order ${orderId} did not become ${until.join(' or ')} within ${timeoutMs} ms; last status: ${last?.status ?? 'none seen yet'}`,
            timeoutMs,
            last?.status,
          );
        }
        throw error;
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}
