import type { Schemas } from '../../api-types.js';
import type { Db } from '../database.js';
import { preparedPerDb } from './prepared.js';

/** The contract's endpoint, plus its secrets and what only the server keeps. */
export interface WebhookEndpointRecord extends Omit<Schemas['WebhookEndpoint'], 'secret'> {
  accountId: string;
  secret: string;
  oldSecret: string | null;
  oldSecretExpiresMs: number | null;
  failingSinceMs: number | null;
}

type EndpointRow = Omit<WebhookEndpointRecord, 'events'> & { events: string };

export type DeliveryState = 'pending' | 'succeeded' | 'failed';

export interface DeliveryRecord {
  deliveryId: string;
  eventSeq: number;
  endpointId: string;
  orderKey: string | null;
  state: DeliveryState;
  attempts: number;
  nextAttemptMs: number;
  createdMs: number;
}

/** One delivery attempt, as the contract shows it. */
export type AttemptRecord = Schemas['Delivery'];

type NewAttempt = Omit<AttemptRecord, 'eventId' | 'endpointId' | 'attempt'>;

const ENDPOINT_COLUMNS = `endpoint_id AS endpointId, account_id AS accountId, url, events,
  description, scope, status, disabled_reason AS disabledReason, secret, old_secret AS oldSecret,
  old_secret_expires_ms AS oldSecretExpiresMs, failing_since_ms AS failingSinceMs,
  created_at AS createdAt, updated_at AS updatedAt`;

const DELIVERY_COLUMNS = `delivery_id AS deliveryId, event_seq AS eventSeq, endpoint_id AS endpointId,
  order_key AS orderKey, state, attempts, next_attempt_ms AS nextAttemptMs, created_ms AS createdMs`;

const stmts = preparedPerDb((db) => ({
  insertEndpoint: db.prepare<[EndpointRow]>(
    `INSERT INTO webhook_endpoints (endpoint_id, account_id, url, events, description, scope, status,
       disabled_reason, secret, old_secret, old_secret_expires_ms, failing_since_ms, created_at, updated_at)
     VALUES (@endpointId, @accountId, @url, @events, @description, @scope, @status, @disabledReason,
       @secret, @oldSecret, @oldSecretExpiresMs, @failingSinceMs, @createdAt, @updatedAt)`,
  ),
  updateEndpoint: db.prepare<[EndpointRow]>(
    `UPDATE webhook_endpoints SET url = @url, events = @events, description = @description,
       status = @status, disabled_reason = @disabledReason, secret = @secret, old_secret = @oldSecret,
       old_secret_expires_ms = @oldSecretExpiresMs, failing_since_ms = @failingSinceMs,
       updated_at = @updatedAt
     WHERE endpoint_id = @endpointId`,
  ),
  deleteEndpoint: db.prepare<[string]>('DELETE FROM webhook_endpoints WHERE endpoint_id = ?'),
  endpointById: db.prepare<[string], EndpointRow>(
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE endpoint_id = ?`,
  ),
  endpointsOf: db.prepare<[string], EndpointRow>(
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE account_id = ? ORDER BY created_at, endpoint_id`,
  ),
  countOf: db
    .prepare<[string], number>('SELECT count(*) FROM webhook_endpoints WHERE account_id = ?')
    .pluck(),
  subscribers: db.prepare<[string], EndpointRow>(
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints
     WHERE status = 'enabled' AND (account_id = ? OR scope = 'all')`,
  ),
  enabled: db.prepare<[], EndpointRow>(
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE status = 'enabled'
     ORDER BY created_at, endpoint_id`,
  ),
  insertDelivery: db.prepare<[DeliveryRecord]>(
    `INSERT INTO webhook_deliveries (delivery_id, event_seq, endpoint_id, order_key, state, attempts,
       next_attempt_ms, created_ms)
     VALUES (@deliveryId, @eventSeq, @endpointId, @orderKey, @state, @attempts, @nextAttemptMs, @createdMs)`,
  ),
  // Due, on an enabled endpoint, and first of its order for that endpoint: a later event of
  // the same order waits until every earlier one succeeded or failed for good.
  due: db.prepare<[{ now: number; limit: number }], DeliveryRecord>(
    `SELECT d.delivery_id AS deliveryId, d.event_seq AS eventSeq, d.endpoint_id AS endpointId,
       d.order_key AS orderKey, d.state, d.attempts, d.next_attempt_ms AS nextAttemptMs,
       d.created_ms AS createdMs
     FROM webhook_deliveries d JOIN webhook_endpoints w ON w.endpoint_id = d.endpoint_id
     WHERE d.state = 'pending' AND d.next_attempt_ms <= @now AND w.status = 'enabled'
       AND (d.order_key IS NULL OR NOT EXISTS (
         SELECT 1 FROM webhook_deliveries p
         WHERE p.endpoint_id = d.endpoint_id AND p.order_key = d.order_key AND p.state = 'pending'
           AND (p.event_seq < d.event_seq OR (p.event_seq = d.event_seq AND p.rowid < d.rowid))))
     ORDER BY d.next_attempt_ms, d.event_seq LIMIT @limit`,
  ),
  nextDueMs: db
    .prepare<[number], number | null>(
      `SELECT min(d.next_attempt_ms) FROM webhook_deliveries d
       JOIN webhook_endpoints w ON w.endpoint_id = d.endpoint_id
       WHERE d.state = 'pending' AND d.next_attempt_ms > ? AND w.status = 'enabled'`,
    )
    .pluck(),
  deliveryById: db.prepare<[string], DeliveryRecord>(
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE delivery_id = ?`,
  ),
  updateDelivery: db.prepare<
    [{ deliveryId: string; state: DeliveryState; attempts: number; nextAttemptMs: number }]
  >(
    `UPDATE webhook_deliveries SET state = @state, attempts = @attempts, next_attempt_ms = @nextAttemptMs
     WHERE delivery_id = @deliveryId`,
  ),
  // Numbered after the delivery's earlier attempts: a recover restarts the schedule (attempts
  // = 0) but keeps the history, so the number cannot come from the schedule's count.
  insertAttempt: db.prepare<[NewAttempt]>(
    `INSERT INTO webhook_attempts (delivery_id, attempt, status, status_code, duration_ms, error,
       response_body, attempted_at, next_attempt_at)
     VALUES (@deliveryId,
       (SELECT coalesce(max(attempt), 0) + 1 FROM webhook_attempts WHERE delivery_id = @deliveryId),
       @status, @statusCode, @durationMs, @error, @responseBody, @attemptedAt, @nextAttemptAt)`,
  ),
  attemptsOfEvent: db.prepare<[{ seq: number; accountId: string | null }], AttemptRecord>(
    `SELECT a.delivery_id AS deliveryId, e.event_id AS eventId, d.endpoint_id AS endpointId,
       a.attempt, a.status, a.status_code AS statusCode, a.duration_ms AS durationMs, a.error,
       a.response_body AS responseBody, a.attempted_at AS attemptedAt,
       a.next_attempt_at AS nextAttemptAt
     FROM webhook_attempts a
     JOIN webhook_deliveries d ON d.delivery_id = a.delivery_id
     JOIN webhook_endpoints w ON w.endpoint_id = d.endpoint_id
     JOIN events e ON e.seq = d.event_seq
     WHERE d.event_seq = @seq AND (@accountId IS NULL OR w.account_id = @accountId)
     ORDER BY a.attempted_at, a.delivery_id, a.attempt`,
  ),
  requeueFailed: db.prepare<
    [{ endpointId: string; sinceMs: number; untilMs: number; now: number }]
  >(
    `UPDATE webhook_deliveries SET state = 'pending', attempts = 0, next_attempt_ms = @now
     WHERE endpoint_id = @endpointId AND state = 'failed'
       AND event_seq IN (SELECT seq FROM events WHERE created_ms >= @sinceMs AND created_ms < @untilMs)`,
  ),
}));

const toEndpoint = (row: EndpointRow): WebhookEndpointRecord => ({
  ...row,
  events: JSON.parse(row.events) as string[],
});
const toEndpointRow = (e: WebhookEndpointRecord): EndpointRow => ({
  ...e,
  events: JSON.stringify(e.events),
});

/**
 * Every event asks which endpoints subscribe to its account, and the answer changes only when an
 * endpoint is written, always through this module (one server per database file). So the enabled
 * endpoints are kept in memory per database and dropped by every write.
 */
interface Subscribers {
  byAccount: Map<string, WebhookEndpointRecord[]>;
  everyAccount: WebhookEndpointRecord[];
  byId: Map<string, WebhookEndpointRecord>;
}
const subscriberCache = new WeakMap<Db, Subscribers>();
// Databases with an endpoint write whose transaction may still roll back: until the writing
// turn of the event loop ends (better-sqlite3 transactions are synchronous), nothing is cached,
// so a rolled-back write cannot leave its view behind.
const unsettled = new WeakSet<Db>();

/** Drops the cached subscribers; called by every endpoint write and by a database reset. */
export function forgetSubscribers(db: Db): void {
  subscriberCache.delete(db);
  if (unsettled.has(db)) return;
  unsettled.add(db);
  setImmediate(() => {
    unsettled.delete(db);
    subscriberCache.delete(db);
  });
}

function loadSubscribers(db: Db): Subscribers {
  const byAccount = new Map<string, WebhookEndpointRecord[]>();
  const everyAccount: WebhookEndpointRecord[] = [];
  const byId = new Map<string, WebhookEndpointRecord>();
  for (const endpoint of stmts(db).enabled.all().map(toEndpoint)) {
    byId.set(endpoint.endpointId, endpoint);
    if (endpoint.scope === 'all') everyAccount.push(endpoint);
    else
      byAccount.set(endpoint.accountId, [...(byAccount.get(endpoint.accountId) ?? []), endpoint]);
  }
  return { byAccount, everyAccount, byId };
}

function cachedSubscribers(db: Db): Subscribers {
  let cached = subscriberCache.get(db);
  if (!cached) {
    cached = loadSubscribers(db);
    subscriberCache.set(db, cached);
  }
  return cached;
}

export function insertEndpoint(db: Db, endpoint: WebhookEndpointRecord): void {
  forgetSubscribers(db);
  stmts(db).insertEndpoint.run(toEndpointRow(endpoint));
}

export function saveEndpoint(db: Db, endpoint: WebhookEndpointRecord): void {
  forgetSubscribers(db);
  stmts(db).updateEndpoint.run(toEndpointRow(endpoint));
}

export function deleteEndpoint(db: Db, endpointId: string): void {
  forgetSubscribers(db);
  stmts(db).deleteEndpoint.run(endpointId);
}

export function findEndpoint(db: Db, endpointId: string): WebhookEndpointRecord | undefined {
  const row = stmts(db).endpointById.get(endpointId);
  return row && toEndpoint(row);
}

/**
 * The endpoint if it is enabled, from the same memory as `subscribedEndpoints`: every delivery
 * attempt asks. A read-only record, like theirs.
 */
export function enabledEndpoint(db: Db, endpointId: string): WebhookEndpointRecord | undefined {
  if (unsettled.has(db)) {
    const endpoint = findEndpoint(db, endpointId);
    return endpoint?.status === 'enabled' ? endpoint : undefined;
  }
  return cachedSubscribers(db).byId.get(endpointId);
}

export const endpointsOfAccount = (db: Db, accountId: string): WebhookEndpointRecord[] =>
  stmts(db).endpointsOf.all(accountId).map(toEndpoint);

export const countEndpoints = (db: Db, accountId: string): number =>
  stmts(db).countOf.get(accountId) ?? 0;

/**
 * Enabled endpoints that may receive an event of `accountId`: its own and scope `all`. Read-only
 * records: they may be shared with the next caller.
 */
export function subscribedEndpoints(db: Db, accountId: string): readonly WebhookEndpointRecord[] {
  if (unsettled.has(db)) return stmts(db).subscribers.all(accountId).map(toEndpoint);
  const cached = cachedSubscribers(db);
  const own = cached.byAccount.get(accountId) ?? [];
  return cached.everyAccount.length === 0 ? own : [...own, ...cached.everyAccount];
}

export function insertDelivery(db: Db, delivery: DeliveryRecord): void {
  stmts(db).insertDelivery.run(delivery);
}

export const dueDeliveries = (db: Db, now: number, limit: number): DeliveryRecord[] =>
  stmts(db).due.all({ now, limit });

/** When the next pending delivery after `afterMs` comes due, on an enabled endpoint. */
export const nextDeliveryDueMs = (db: Db, afterMs: number): number | null =>
  stmts(db).nextDueMs.get(afterMs) ?? null;

export const findDelivery = (db: Db, deliveryId: string): DeliveryRecord | undefined =>
  stmts(db).deliveryById.get(deliveryId);

export function updateDelivery(
  db: Db,
  delivery: Pick<DeliveryRecord, 'deliveryId' | 'state' | 'attempts' | 'nextAttemptMs'>,
): void {
  stmts(db).updateDelivery.run(delivery);
}

/** Records an attempt, numbered after the delivery's earlier ones. */
export function insertAttempt(db: Db, attempt: NewAttempt): void {
  stmts(db).insertAttempt.run(attempt);
}

/** An event's attempts, to one account's endpoints or (null) to all. */
export const attemptsOfEvent = (db: Db, seq: number, accountId: string | null): AttemptRecord[] =>
  stmts(db).attemptsOfEvent.all({ seq, accountId });

export const requeueFailedDeliveries = (
  db: Db,
  params: { endpointId: string; sinceMs: number; untilMs: number; now: number },
): number => stmts(db).requeueFailed.run(params).changes;
