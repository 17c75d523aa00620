import type { Delivery, EventPage, EventTypePattern, ShopEvent } from '@shop/sdk';
import type { Context } from '../context.js';
import { client, type ShopClient } from './client.js';

export interface EventListQuery {
  types?: EventTypePattern[];
  orderId?: string;
  after?: number;
  limit: number;
}

/**
 * The seq of the newest event this login can see (undefined: none yet), in one newest-first
 * request: where a first `listen` run starts the stream, so it replays whatever comes after.
 */
export async function newestEventSeq(
  shop: ShopClient,
  signal?: AbortSignal,
): Promise<number | undefined> {
  const page = await shop.events.list({ order: 'desc', limit: 1 }, { signal }).page();
  return page.data[0]?.seq;
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
