import type { Delivery, EventPage, EventTypePattern, ShopEvent, ShopEventType } from '@shop/sdk';
import type { Context } from '../context.js';
import { client } from './client.js';

// Every event type of the contract, in its order: one added to the spec fails the build here.
const TYPES = {
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
} as const satisfies Record<ShopEventType, true>;

/** The contract's event types. */
const EVENT_TYPES = Object.keys(TYPES) as readonly ShopEventType[];

/** What `--type` and `--events` accept: a type, a family of them (`order.*`), or `*`. */
export const EVENT_PATTERNS: readonly EventTypePattern[] = [
  ...EVENT_TYPES,
  ...new Set(
    EVENT_TYPES.filter((type) => type.includes('.')).map(
      (type) => `${type.slice(0, type.indexOf('.'))}.*` as const,
    ),
  ),
  '*',
];

export interface EventListQuery {
  types?: EventTypePattern[];
  orderId?: string;
  after?: number;
  limit: number;
}

/** One page of events after `after`, oldest first, as the API returns it. */
export async function listEvents(ctx: Context, query: EventListQuery): Promise<EventPage> {
  const { after, ...rest } = query;
  return (await client(ctx)).events.list(rest).page(after);
}

export async function getEvent(ctx: Context, eventId: string): Promise<ShopEvent> {
  return (await client(ctx)).events.get(eventId);
}

/** The event's delivery attempts, in the API's `{ data }` shape. */
export async function eventDeliveries(
  ctx: Context,
  eventId: string,
): Promise<{ data: Delivery[] }> {
  return { data: await (await client(ctx)).events.deliveries(eventId) };
}

/** Queues the event again (to one endpoint, or every subscribed one), in the API's shape. */
export async function resendEvent(
  ctx: Context,
  eventId: string,
  endpointId: string | undefined,
): Promise<{ requeued: number }> {
  return {
    requeued: await (await client(ctx)).events.resend(eventId, endpointId ? { endpointId } : {}),
  };
}
