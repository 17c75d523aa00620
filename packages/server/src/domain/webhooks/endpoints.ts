import { randomBytes } from 'node:crypto';
import type { Schemas } from '../../api-types.js';
import type { Db } from '../../db/database.js';
import { inImmediateTransaction } from '../../db/transaction.js';
import {
  countEndpoints,
  deleteEndpoint as removeEndpoint,
  endpointsOfAccount,
  findEndpoint,
  insertDelivery,
  insertEndpoint,
  requeueFailedDeliveries,
  saveEndpoint,
  subscribedEndpoints,
  type WebhookEndpointRecord,
} from '../../db/repositories/webhooks.js';
import { DomainError, invalidField } from '../errors.js';
import {
  appendEvent,
  getEvent,
  matchesTypes,
  newDeliveryId,
  toEvent,
  unknownEventPatterns,
  type Event,
  type EventReader,
} from '../events/log.js';
import { notifyDeliveries } from '../events/notifier.js';
import { announceResend } from '../events/resends.js';
import { newSecret } from './signing.js';
import { checkEndpointUrl } from './url-guard.js';

export type WebhookEndpoint = Schemas['WebhookEndpoint'];

/** At most this many endpoints per account. */
const MAX_ENDPOINTS_PER_ACCOUNT = 16;
/** How long the old secret keeps signing after a rotation, unless told otherwise. */
const DEFAULT_OLD_SECRET_SECONDS = 86_400;

const newEndpointId = (): string => `we_${randomBytes(16).toString('hex')}`;

/** `validation.failed` naming each of an endpoint's `events` that covers no event type. */
function checkEventPatterns(events: readonly string[]): void {
  const unknown = unknownEventPatterns(events);
  if (unknown.length === 0) return;
  throw new DomainError(
    'validation.failed',
    unknown.map(({ message }) => message).join('; '),
    {},
    { fields: unknown.map(({ index, message }) => ({ field: `events/${index}`, message })) },
  );
}

/** The API's view: never the old secret; the current one only when asked (create, rotate). */
export function toWebhookEndpoint(
  record: WebhookEndpointRecord,
  withSecret = false,
): WebhookEndpoint {
  const endpoint: WebhookEndpoint = {
    endpointId: record.endpointId,
    url: record.url,
    events: record.events,
    description: record.description,
    scope: record.scope,
    status: record.status,
    disabledReason: record.disabledReason,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
  return withSecret ? { ...endpoint, secret: record.secret } : endpoint;
}

/** The caller's endpoint; another account's is reported as missing. */
export function ownedEndpoint(
  db: Db,
  owner: EventReader,
  endpointId: string,
): WebhookEndpointRecord {
  const endpoint = findEndpoint(db, endpointId);
  if (!endpoint || endpoint.accountId !== owner.accountId)
    throw new DomainError(
      'webhook_endpoint.not_found',
      `Webhook endpoint ${endpointId} not found.`,
    );
  return endpoint;
}

export async function createEndpoint(
  db: Db,
  owner: EventReader,
  input: { url: string; events: string[]; description?: string; scope?: 'own' | 'all' },
  now: Date,
  dev: boolean,
): Promise<WebhookEndpoint> {
  const scope = input.scope ?? 'own';
  if (scope === 'all' && owner.role !== 'admin')
    throw new DomainError(
      'auth.forbidden',
      'Only an admin may receive every account\'s events (scope "all").',
    );
  checkEventPatterns(input.events);
  await checkEndpointUrl(input.url, dev);
  return inImmediateTransaction(db, () => {
    if (countEndpoints(db, owner.accountId) >= MAX_ENDPOINTS_PER_ACCOUNT)
      throw new DomainError(
        'webhook_endpoint.limit_reached',
        `An account has at most ${MAX_ENDPOINTS_PER_ACCOUNT} webhook endpoints; delete one first.`,
      );
    const at = now.toISOString();
    const record: WebhookEndpointRecord = {
      endpointId: newEndpointId(),
      accountId: owner.accountId,
      url: input.url,
      events: input.events,
      description: input.description ?? null,
      scope,
      status: 'enabled',
      disabledReason: null,
      secret: newSecret(),
      oldSecret: null,
      oldSecretExpiresMs: null,
      failingSinceMs: null,
      createdAt: at,
      updatedAt: at,
    };
    insertEndpoint(db, record);
    return toWebhookEndpoint(record, true);
  });
}

export const listEndpoints = (db: Db, owner: EventReader): WebhookEndpoint[] =>
  endpointsOfAccount(db, owner.accountId).map((record) => toWebhookEndpoint(record));

export async function updateEndpoint(
  db: Db,
  owner: EventReader,
  endpointId: string,
  patch: {
    url?: string;
    events?: string[];
    description?: string | null;
    status?: 'enabled' | 'disabled';
  },
  now: Date,
  dev: boolean,
): Promise<WebhookEndpoint> {
  ownedEndpoint(db, owner, endpointId);
  if (patch.events !== undefined) checkEventPatterns(patch.events);
  if (patch.url !== undefined) await checkEndpointUrl(patch.url, dev);
  return inImmediateTransaction(db, () => {
    const current = ownedEndpoint(db, owner, endpointId);
    const status = patch.status ?? current.status;
    const next: WebhookEndpointRecord = {
      ...current,
      url: patch.url ?? current.url,
      events: patch.events ?? current.events,
      description: patch.description === undefined ? current.description : patch.description,
      status,
      disabledReason:
        status === 'enabled'
          ? null
          : patch.status === 'disabled'
            ? 'manual'
            : current.disabledReason,
      // A re-enabled endpoint starts a fresh failure window.
      failingSinceMs:
        status === 'enabled' && current.status === 'disabled' ? null : current.failingSinceMs,
      updatedAt: now.toISOString(),
    };
    saveEndpoint(db, next);
    // Deliveries held while it was disabled are due again.
    if (status === 'enabled' && current.status === 'disabled') notifyDeliveries(db);
    return toWebhookEndpoint(next);
  });
}

export function deleteEndpoint(db: Db, owner: EventReader, endpointId: string): void {
  inImmediateTransaction(db, () => {
    ownedEndpoint(db, owner, endpointId);
    removeEndpoint(db, endpointId);
  });
}

export function rotateSecret(
  db: Db,
  owner: EventReader,
  endpointId: string,
  expireOldAfterSeconds: number | undefined,
  now: Date,
): WebhookEndpoint {
  return inImmediateTransaction(db, () => {
    const current = ownedEndpoint(db, owner, endpointId);
    const keep = expireOldAfterSeconds ?? DEFAULT_OLD_SECRET_SECONDS;
    const next: WebhookEndpointRecord = {
      ...current,
      secret: newSecret(),
      oldSecret: keep > 0 ? current.secret : null,
      oldSecretExpiresMs: keep > 0 ? now.getTime() + keep * 1000 : null,
      updatedAt: now.toISOString(),
    };
    saveEndpoint(db, next);
    return toWebhookEndpoint(next, true);
  });
}

/** A `ping` event addressed to this endpoint only. */
export function pingEndpoint(
  db: Db,
  owner: EventReader,
  endpointId: string,
  requestId: string | null,
  now: Date,
): Event {
  return inImmediateTransaction(db, () => {
    const endpoint = ownedEndpoint(db, owner, endpointId);
    return appendEvent(db, {
      type: 'ping',
      accountId: endpoint.accountId,
      orderId: null,
      requestId,
      createdAt: now.toISOString(),
      data: { object: toWebhookEndpoint(endpoint) },
      onlyEndpointId: endpoint.endpointId,
    });
  });
}

/** Requeues the endpoint's failed deliveries of events created in [since, until). */
export function recoverEndpoint(
  db: Db,
  owner: EventReader,
  endpointId: string,
  window: { since: string; until?: string | undefined },
  now: Date,
): number {
  const sinceMs = Date.parse(window.since);
  const untilMs = window.until === undefined ? now.getTime() + 1 : Date.parse(window.until);
  // Either would requeue nothing and answer 202 as if the endpoint had nothing to recover.
  if (sinceMs > now.getTime()) throw invalidField('since', 'must not be in the future');
  if (untilMs <= sinceMs) throw invalidField('until', 'must be later than since');
  return inImmediateTransaction(db, () => {
    ownedEndpoint(db, owner, endpointId);
    notifyDeliveries(db);
    return requeueFailedDeliveries(db, { endpointId, sinceMs, untilMs, now: now.getTime() });
  });
}

/**
 * Queues a new delivery of an event (same event id, so the same `webhook-id`) to one of the
 * reader's endpoints, or to each of their enabled endpoints subscribed to its type.
 */
export function resendEvent(
  db: Db,
  reader: EventReader,
  eventId: string,
  endpointId: string | undefined,
  now: Date,
): number {
  return inImmediateTransaction(db, () => {
    const event = getEvent(db, reader, eventId);
    // Every matching endpoint: the reader's endpoints among those the event went to when it was
    // written (enabled, subscribed to its type, its account's or of scope `all`).
    const targets =
      endpointId === undefined
        ? subscribedEndpoints(db, event.accountId).filter(
            (e) => e.accountId === reader.accountId && matchesTypes(e.events, event.type),
          )
        : [ownedEndpoint(db, reader, endpointId)];
    for (const endpoint of targets) {
      insertDelivery(db, {
        deliveryId: newDeliveryId(),
        eventSeq: event.seq,
        endpointId: endpoint.endpointId,
        orderKey: event.orderId,
        state: 'pending',
        attempts: 0,
        nextAttemptMs: now.getTime(),
        createdMs: now.getTime(),
      });
    }
    notifyDeliveries(db);
    // A resend to every endpoint also reaches the account's live streams; one aimed at a single
    // endpoint is that endpoint's business only.
    if (endpointId === undefined)
      announceResend(db, { event: toEvent(event), orderId: event.orderId });
    return targets.length;
  });
}
