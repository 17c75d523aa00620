import type { RequestOptions, ResourceContext } from './context.js';
import { ShopApiError, ShopConnectionError, ShopTimeoutError, ShopWaitError } from '../errors.js';
import type { paths } from '../generated/schema.js';
import { pagedList, type PagedList } from '../pagination.js';
import type { Input, Order, OrderCreate, OrderStatus } from '../types.js';
import type { EventsResource } from './events.js';
import { unwrap } from './result.js';

/** Query of `orders.list`: a status filter, page size, and the page to start from. */
export type OrderListQuery = Input<NonNullable<paths['/api/orders']['get']['parameters']['query']>>;

/** Options of `orders.waitFor`. */
export interface WaitForOptions {
  /** Statuses that end the wait. Default: `PAID` and every final status. */
  until?: readonly OrderStatus[] | undefined;
  /** Give up after this many ms with a `ShopTimeoutError` naming the last status. Default 60 000. */
  timeoutMs?: number | undefined;
  /** Cancels the wait; its reason is rethrown. */
  signal?: AbortSignal | undefined;
  /** Called with the order each time its status is seen to change (and once at the start). */
  onStatus?: ((order: Order) => void) | undefined;
  /**
   * How to learn of changes: `poll` (default) reads the order again and again; `stream` follows
   * the order's events on the event stream, so a change is seen as it commits with one open
   * request. It falls back to polling when the stream cannot be used: the server answers the
   * stream with an error (e.g. 404 from a server or proxy without it, 410 when the order's early
   * events are past retention) or the stream gives up reconnecting.
   */
  via?: 'poll' | 'stream' | undefined;
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
   * Polls the order (0.25 s, growing to 2 s between polls) — or, with `via: 'stream'`, follows its
   * events — until its status is one of `until`, and returns it.
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

export function ordersResource(
  { raw, init, sleep }: ResourceContext,
  events: EventsResource,
): OrdersResource {
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
    async waitFor(
      orderId,
      { until = DEFAULT_UNTIL, timeoutMs = 60_000, signal, onStatus, via = 'poll' } = {},
    ) {
      // One signal for the polls, the stream and the sleeps: the caller's abort, or our deadline.
      const controller = new AbortController();
      const deadline = Symbol('deadline');
      const onAbort = (): void => controller.abort(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) onAbort();
      const timer = setTimeout(() => controller.abort(deadline), timeoutMs);
      let last: Order | undefined;
      /** Whether `order` ends the wait; throws when it never can. */
      const done = (order: Order): boolean => {
        if (order.status !== last?.status) onStatus?.(order);
        last = order;
        if (until.includes(order.status)) return true;
        if (!canReach(order.status, until)) throw new ShopWaitError(order, until);
        return false;
      };
      try {
        if (via === 'stream') {
          const found = await followStream(orderId, done, controller.signal);
          if (found) return found;
        }
        for (let delay = 250; ; delay = Math.min(delay * 1.5, 2_000)) {
          const order = await get(orderId, { signal: controller.signal });
          if (done(order)) return order;
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

  /**
   * Reads the order once, then its events from the start of the log (`after: 0`, so a change
   * committed between the read and the connection is replayed, not missed). Returns the order
   * that ends the wait, or `undefined` when the stream cannot be used and polling should go on.
   */
  async function followStream(
    orderId: string,
    done: (order: Order) => boolean,
    signal: AbortSignal,
  ): Promise<Order | undefined> {
    const first = await get(orderId, { signal });
    if (done(first)) return first;
    try {
      for await (const event of events.stream({ after: 0, orderId, types: ['order.*'], signal })) {
        if (!event.type.startsWith('order.')) continue;
        const order = event.data.object as Order;
        if (done(order)) return order;
      }
    } catch (error) {
      if (signal.aborted || error instanceof ShopWaitError) throw error;
      // An HTTP error (the stream is missing or refused) or a stream that gave up reconnecting:
      // polling still works against any server that can read the order.
      const usable =
        error instanceof ShopApiError ||
        error instanceof ShopConnectionError ||
        error instanceof ShopTimeoutError;
      if (!usable) throw error;
    }
    // The stream ends without an error only on abort: let the caller's catch name the reason.
    if (signal.aborted) throw signal.reason;
    return undefined;
  }
}
