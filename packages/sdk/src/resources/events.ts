import type { RequestOptions, ResourceContext } from './context.js';
import { ShopApiError } from '../errors.js';
import type { operations } from '../generated/schema.js';
import type { Delivery, EventPage } from '../types.js';
import type { ShopEvent, ShopEventType } from '../webhooks/event.js';
import { cursorList, type CursorList } from '../pagination.js';
import { createSseParser, type SseFrame } from '../sse.js';
import { unwrap } from './result.js';

/** An event type, a family (`order.*`) or every type (`*`). */
export type EventTypePattern = ShopEventType | `${string}.*` | '*';

/** Which events `events.list` and `events.stream` return. */
export interface EventQuery {
  /** Only events after this `seq` (exclusive). */
  after?: number | undefined;
  /** Only these types (`['order.*', 'payment.failed']`); default all. */
  types?: readonly EventTypePattern[] | undefined;
  /** Only the events of this order (and of its payment). */
  orderId?: string | undefined;
}

/**
 * Query of `events.list`: {@link EventQuery}, the page size (1–100, default 50), the order
 * (`desc`: newest first) and an upper cursor.
 */
export interface EventListQuery extends EventQuery {
  limit?: number | undefined;
  /** `asc` (default): oldest first; `desc`: newest first (`limit: 1`: the newest event). */
  order?: EventListOrder | undefined;
  /** Only events before this `seq` (exclusive). */
  before?: number | undefined;
}

/** The order of `events.list`. */
export type EventListOrder = NonNullable<
  NonNullable<operations['listEvents']['parameters']['query']>['order']
>;

/** Options of `events.stream`. */
export interface EventStreamOptions extends EventQuery {
  /** Ends the stream: the iteration returns (no error) once the signal aborts. */
  signal?: AbortSignal | undefined;
  /**
   * Called each time a connection is open, once the server has taken its cursor: every event
   * committed from then on is yielded. Without `after` (a live start) this is the moment to act
   * on, e.g. to say "listening".
   */
  onOpen?: (() => void) | undefined;
  /**
   * Called when the server names the stream's position, a seq past which a resumption starts
   * (once per connection, after its backlog, docs/adr/0072): every event of this stream up to it
   * has been yielded. Unlike an event's `seq`, it moves on while other accounts' events (or
   * filtered-out types) fill the log, so a client that saves its cursor should save this too:
   * a cursor that stays on the last event it saw expires with the retention period.
   */
  onPosition?: ((seq: number) => void) | undefined;
}

/** The result of `events.list`. */
export type EventList = CursorList<ShopEvent>;

/** The event log: list, read, follow live, and deliver again. */
export interface EventsResource {
  /**
   * Your events (an admin's: everyone's), oldest first, fetched page by page as you iterate,
   * following `nextCursor` while `hasMore`. Ends at the newest event at the time of the last page.
   * With `order: 'desc'`, newest first down to the oldest kept (`before` pages on).
   */
  list(query?: EventListQuery, options?: RequestOptions): EventList;
  /** One event; `NotFoundError` (`event.not_found`) when there is none. */
  get(eventId: string, options?: RequestOptions): Promise<ShopEvent>;
  /** The event's delivery attempts, oldest first. */
  deliveries(eventId: string, options?: RequestOptions): Promise<Delivery[]>;
  /** Delivers the event again, to one endpoint or to every subscribed one; returns how many. */
  resend(
    eventId: string,
    body?: { endpointId?: string | undefined },
    options?: RequestOptions,
  ): Promise<number>;
  /**
   * Follows events live over the server-sent event stream, first replaying those after `after`
   * (without `after` it starts live). A dropped connection or the server's periodic close is
   * resumed with `Last-Event-ID` after the client's backoff; an event is never yielded twice.
   * Ends when `signal` aborts or the loop breaks; throws an HTTP error (401, 410
   * `events.cursor_expired`, …) at once, and a connection error after
   * 8 failed reconnects in a row.
   * @example
   * for await (const event of shop.events.stream({ types: ['order.*'], signal })) {
   *   if (event.type === 'order.paid') console.log(event.data.object.orderId);
   * }
   */
  stream(options?: EventStreamOptions): AsyncIterable<ShopEvent>;
}

/** What one stream connection reads: an event, or the position named by an id-only frame. */
type StreamItem = { event: ShopEvent; logged: boolean } | { position: number };

/** Failed (re)connects in a row after which `events.stream` gives up with the last error. */
const STREAM_MAX_RECONNECTS = 8;

const joinTypes = (types: readonly string[] | undefined) => types && types.join(',');

export function eventsResource({ raw, init, sleep, backoff }: ResourceContext): EventsResource {
  const fetchPage = async (
    { after, before, order, types, orderId, limit }: EventListQuery,
    options?: RequestOptions,
  ): Promise<EventPage> =>
    unwrap(
      await raw.GET('/api/events', {
        params: { query: { after, before, order, types: joinTypes(types), orderId, limit } },
        ...init(options),
      }),
    );

  /**
   * Opens one stream connection and yields its frames' events, each with whether the frame had
   * an `id:` line (a resend has none), and the positions the server names in id-only frames
   * (docs/adr/0072); returns when the server ends it.
   */
  async function* connect(
    query: EventQuery,
    lastSeq: number | undefined,
    signal: AbortSignal,
    onOpen: () => void,
  ): AsyncGenerator<StreamItem, void, undefined> {
    const result = await raw.GET('/api/events/stream', {
      params: {
        // The first connection starts from `after`; a resumption from the last seq seen.
        query: {
          after: lastSeq === undefined ? query.after : undefined,
          types: joinTypes(query.types),
          orderId: query.orderId,
        },
        ...(lastSeq !== undefined && { header: { 'Last-Event-ID': String(lastSeq) } }),
      },
      parseAs: 'stream',
      ...init({ signal, headers: { accept: 'text/event-stream' } }),
    });
    const body = unwrap(result);
    if (!body) return;
    onOpen();
    const items: StreamItem[] = [];
    const feed = createSseParser(
      (frame: SseFrame) =>
        items.push({
          event: JSON.parse(frame.data) as ShopEvent,
          logged: frame.id !== undefined,
        }),
      undefined,
      (id) => items.push({ position: Number(id) }),
    );
    const reader = (body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const cancel = (): void => void reader.cancel().catch(() => undefined);
    signal.addEventListener('abort', cancel, { once: true });
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        feed(decoder.decode(value, { stream: true }));
        while (items.length > 0) yield items.shift() as StreamItem;
      }
    } finally {
      signal.removeEventListener('abort', cancel);
      cancel();
    }
  }

  return {
    list(query = {}, options) {
      // Oldest first the cursor moves `after` up; newest first it moves `before` down.
      const bound = query.order === 'desc' ? 'before' : 'after';
      return cursorList(
        query[bound],
        async (cursor) =>
          (await fetchPage({ ...query, [bound]: cursor }, options)) as EventPage & {
            data: ShopEvent[];
          },
      );
    },
    async get(eventId, options) {
      return unwrap(
        await raw.GET('/api/events/{eventId}', { params: { path: { eventId } }, ...init(options) }),
      ) as ShopEvent;
    },
    async deliveries(eventId, options) {
      return unwrap(
        await raw.GET('/api/events/{eventId}/deliveries', {
          params: { path: { eventId } },
          ...init(options),
        }),
      ).data;
    },
    async resend(eventId, body = {}, options) {
      return unwrap(
        await raw.POST('/api/events/{eventId}/resend', {
          params: { path: { eventId } },
          body,
          ...init(options),
        }),
      ).requeued;
    },
    async *stream({ signal, onOpen, onPosition, ...query } = {}) {
      // One signal for every connection and wait, so an abort ends whichever is under way.
      const controller = new AbortController();
      const onAbort = (): void => controller.abort(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) onAbort();
      let lastSeq: number | undefined;
      let failures = 0;
      try {
        while (!controller.signal.aborted) {
          try {
            for await (const item of connect(query, lastSeq, controller.signal, () => {
              failures = 0;
              onOpen?.();
            })) {
              // The server's position: nothing to yield, but a resumption starts after it, so a
              // stream that started live and saw no event yet still misses nothing.
              if ('position' in item) {
                if (
                  Number.isSafeInteger(item.position) &&
                  (lastSeq === undefined || item.position > lastSeq)
                ) {
                  lastSeq = item.position;
                  onPosition?.(item.position);
                }
                continue;
              }
              const { event, logged } = item;
              // A resend (a frame without an id) is live-only: yielded as it comes, although
              // its seq was seen, and never the cursor of a resumption.
              if (!logged) {
                yield event;
                continue;
              }
              // A replay after a resumption may overlap what was already yielded: seq decides.
              if (lastSeq !== undefined && event.seq <= lastSeq) continue;
              lastSeq = event.seq;
              yield event;
            }
          } catch (error) {
            if (controller.signal.aborted) return;
            // HTTP errors (401, 410 cursor_expired, 400 …) cannot heal by reconnecting; a server
            // that is down (5xx after the client's retries) or a dropped connection can.
            if (error instanceof ShopApiError && error.status < 500) throw error;
            if (++failures > STREAM_MAX_RECONNECTS) throw error;
          }
          // After a clean close (the server recycles streams every 10 minutes) too: waiting the
          // first backoff step keeps a server that closes at once from being hammered.
          await sleep(backoff(Math.max(failures - 1, 0)), controller.signal).catch(() => undefined);
        }
      } finally {
        signal?.removeEventListener('abort', onAbort);
        // Stops the connection in flight when the loop breaks early.
        controller.abort();
      }
    },
  };
}
