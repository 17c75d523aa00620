import { randomBytes } from 'node:crypto';
import type { Schemas } from '../../api-types.js';
import type { Db } from '../../db/database.js';
import {
  eventsPrunedThrough,
  findEventById,
  insertEvent,
  lastEventSeq,
  listEvents,
  pruneEventsBefore,
  type EventRecord,
} from '../../db/repositories/events.js';
import {
  attemptsOfEvent,
  findEndpoint,
  insertDelivery,
  subscribedEndpoints,
} from '../../db/repositories/webhooks.js';
import { DomainError } from '../errors.js';
import { notifyDeliveries, notifyEvents } from './notifier.js';

/** The API's `Event` envelope and its type names. */
export type Event = Schemas['Event'];
export type EventType = Schemas['EventType'];

/** Events are kept this long by default (`--event-retention`). */
export const DEFAULT_EVENT_RETENTION_MS = 30 * 24 * 3600 * 1000;

export interface NewEvent {
  type: EventType;
  accountId: string;
  /** The order the event is about: deliveries of one order to one endpoint keep their order. */
  orderId: string | null;
  /** The `X-Request-Id` of the request that caused it; null for the payment worker. */
  requestId: string | null;
  /** When the change happened (the changed object's `updatedAt`). */
  createdAt: string;
  data: { object: unknown; previous?: Record<string, unknown> };
  /** Deliver only to this endpoint (a `ping`); default: every subscribed endpoint. */
  onlyEndpointId?: string;
}

const newEventId = (): string => `evt_${randomBytes(16).toString('hex')}`;
export const newDeliveryId = (): string => `dlv_${randomBytes(16).toString('hex')}`;

/** Whether an endpoint's `events` list (types, `prefix.*`, `*`) covers `type`. */
export function matchesTypes(patterns: readonly string[], type: string): boolean {
  return patterns.some(
    (pattern) =>
      pattern === '*' ||
      pattern === type ||
      (pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1))),
  );
}

// Complete by type: a type added to or removed from the contract fails the typecheck here.
const EVENT_TYPES = Object.keys({
  'order.created': true,
  'order.failed': true,
  'order.paid': true,
  'order.payment_failed': true,
  'order.cancelled': true,
  'order.refunded': true,
  'payment.created': true,
  'payment.succeeded': true,
  'payment.failed': true,
  'payment.refunded': true,
  'webhook_endpoint.disabled': true,
  ping: true,
} satisfies Record<EventType, true>);

/**
 * Each of `patterns` (an endpoint's `events`, a `types` filter) that covers no event type, with
 * why: a typo such as `order.craeted` or `orders.*` would otherwise select nothing, and an
 * endpoint or a stream would wait for events that never come.
 */
export function unknownEventPatterns(
  patterns: readonly string[],
): { index: number; message: string }[] {
  return patterns.flatMap((pattern, index) =>
    EVENT_TYPES.some((type) => matchesTypes([pattern], type))
      ? []
      : [
          {
            index,
            message: `"${pattern}" is not an event type; use a type such as order.paid, a family such as order.*, or *`,
          },
        ],
  );
}

/**
 * Appends an event to the log and queues its deliveries. MUST run inside the caller's
 * transaction, the one that makes the change: a rolled-back change then leaves no event, and a
 * committed one never loses its event or its deliveries.
 */
export function appendEvent(db: Db, event: NewEvent): Event {
  if (!db.inTransaction) throw new Error(`appendEvent(${event.type}) outside a transaction`);
  const createdMs = Date.parse(event.createdAt);
  const record = insertEvent(db, {
    eventId: newEventId(),
    type: event.type,
    accountId: event.accountId,
    orderId: event.orderId,
    requestId: event.requestId,
    createdAt: event.createdAt,
    createdMs,
    data: JSON.stringify(event.data),
  });
  const targets =
    event.onlyEndpointId === undefined
      ? subscribedEndpoints(db, event.accountId).filter((e) => matchesTypes(e.events, event.type))
      : [findEndpoint(db, event.onlyEndpointId)].filter((e) => e !== undefined);
  for (const endpoint of targets) {
    insertDelivery(db, {
      deliveryId: newDeliveryId(),
      eventSeq: record.seq,
      endpointId: endpoint.endpointId,
      orderKey: event.orderId,
      state: 'pending',
      attempts: 0,
      nextAttemptMs: createdMs,
      createdMs,
    });
  }
  // Readers are woken after the current tick, by when the transaction has committed (a
  // rolled-back one wakes them for nothing: they read the log, not this call). The deliverer
  // only when there is something to deliver.
  notifyEvents(db);
  if (targets.length > 0) notifyDeliveries(db);
  return toEvent(record);
}

/** The envelope of a stored event, exactly as the API returns it. */
export const toEvent = (record: EventRecord): Event =>
  ({
    id: record.eventId,
    type: record.type,
    seq: record.seq,
    createdAt: record.createdAt,
    accountId: record.accountId,
    requestId: record.requestId,
    data: JSON.parse(record.data) as unknown,
  }) as Event;

/**
 * The same envelope as JSON text, built around the stored `data` text instead of parsing and
 * re-serialising it: a delivery sends this body on every attempt.
 */
export const toEventJson = (record: EventRecord): string =>
  `{"id":${JSON.stringify(record.eventId)},"type":${JSON.stringify(record.type)},` +
  `"seq":${record.seq},"createdAt":${JSON.stringify(record.createdAt)},` +
  `"accountId":${JSON.stringify(record.accountId)},"requestId":${JSON.stringify(record.requestId)},` +
  `"data":${record.data}}`;

/** Who reads: a customer sees their own account's events, an admin every account's. */
export interface EventReader {
  accountId: string;
  role: 'customer' | 'admin';
}

export interface EventQuery {
  after?: number | undefined;
  before?: number | undefined;
  /** `asc` (the default): oldest first; `desc`: newest first. */
  order?: 'asc' | 'desc' | undefined;
  types?: readonly string[] | undefined;
  orderId?: string | undefined;
  limit: number;
}

const scopeOf = (reader: EventReader): string | null =>
  reader.role === 'admin' ? null : reader.accountId;

/** 410 `events.cursor_expired` when retention removed events after the cursor. */
function checkCursor(db: Db, after: number | undefined): void {
  if (after === undefined) return;
  const pruned = eventsPrunedThrough(db);
  if (after < pruned) {
    throw new DomainError(
      'events.cursor_expired',
      `Events up to seq ${pruned} are no longer kept; list again without a cursor.`,
      { prunedThrough: pruned },
    );
  }
}

/**
 * The cursor of a read that waits for new events (the stream, a long poll): besides
 * `checkCursor`, 410 when it is ahead of the log. No reader was given a seq above the newest, so
 * such a cursor belongs to a log that was reset (`/_dev/reset`, a new `:memory:` server), and
 * waiting after it would skip the new log's events up to it without a word. A one-shot list
 * answers it with an empty page instead: that is what a search probing past the end expects
 * (ADR 0075).
 */
export function checkFollowCursor(db: Db, after: number | undefined): void {
  checkCursor(db, after);
  if (after === undefined) return;
  const newest = lastEventSeq(db);
  if (after > newest) {
    throw new DomainError(
      'events.cursor_expired',
      `The cursor ${after} is ahead of the log, whose newest seq is ${newest}: the log was reset or the cursor is another server's; start again without a cursor.`,
      { newestSeq: newest },
    );
  }
}

/**
 * The reader's events between the cursors, oldest first (or newest first). Rows that the type
 * filter drops still move the cursor on, so a filtered reader never re-reads them, and a full
 * page says `hasMore` only when another row matches: a client never asks for an empty page.
 */
export function readEvents(
  db: Db,
  reader: EventReader,
  query: EventQuery,
): { data: Event[]; nextCursor: number; hasMore: boolean } {
  checkCursor(db, query.after);
  const scope = { accountId: scopeOf(reader), orderId: query.orderId ?? null };
  const order = query.order ?? 'asc';
  const data: Event[] = [];
  // The bound that moves: `after` upwards, or `before` downwards.
  let after = query.after ?? 0;
  let before = query.before ?? Number.MAX_SAFE_INTEGER;
  let cursor = order === 'asc' ? after : (query.before ?? 0);
  // Scan in batches until the page is full or the log ends.
  for (;;) {
    const rows = listEvents(db, scope, { after, before, order, limit: 200 });
    for (const row of rows) {
      const matches = !query.types || matchesTypes(query.types, row.type);
      if (matches && data.length === query.limit)
        return { data, nextCursor: cursor, hasMore: true };
      cursor = row.seq;
      if (matches) data.push(toEvent(row));
    }
    if (rows.length < 200) return { data, nextCursor: cursor, hasMore: false };
    if (order === 'asc') after = cursor;
    else before = cursor;
  }
}

/** One of the reader's events; another account's is reported as missing. */
export function getEvent(db: Db, reader: EventReader, eventId: string): EventRecord {
  const record = findEventById(db, eventId);
  if (!record || (reader.role !== 'admin' && record.accountId !== reader.accountId)) {
    throw new DomainError('event.not_found', `Event ${eventId} not found.`);
  }
  return record;
}

/** Applies retention: removes events (and their deliveries) older than `retentionMs`. */
export const pruneEvents = (db: Db, now: Date, retentionMs: number): number =>
  pruneEventsBefore(db, now.getTime() - retentionMs);

/**
 * The newest seq in the log (when retention emptied it, the seq it was pruned through; 0 for a
 * new log): where a stream without a cursor starts.
 */
export const lastSeq = (db: Db): number => lastEventSeq(db);

/**
 * Where a stream stands once it has sent the reader everything after `cursor`, up to now: the
 * log's newest seq, whoever's event that is. Sent as an id-only frame, so a client resumes after
 * it even if it saw no event, and an idle reader's cursor never falls behind retention
 * (docs/adr/0072). Valid only right after a synchronous read to the end of the log.
 */
export const streamPosition = (db: Db, cursor: number): number => Math.max(cursor, lastSeq(db));

/** An event's delivery attempts to the reader's endpoints (an admin: to every endpoint). */
export function listDeliveries(
  db: Db,
  reader: EventReader,
  eventId: string,
): Schemas['Delivery'][] {
  const record = getEvent(db, reader, eventId);
  return attemptsOfEvent(db, record.seq, scopeOf(reader));
}
