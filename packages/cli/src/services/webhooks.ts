import { setTimeout as sleep } from 'node:timers/promises';
import type {
  Delivery,
  RecoverRequest,
  ShopEvent,
  WebhookEndpoint,
  WebhookEndpointCreate,
  WebhookEndpointUpdate,
  WebhookEndpointWithSecret,
} from '@shop/sdk';
import type { Context } from '../context.js';
import { client } from './client.js';

export async function createEndpoint(
  ctx: Context,
  body: WebhookEndpointCreate,
): Promise<WebhookEndpointWithSecret> {
  return (await client(ctx)).webhookEndpoints.create(body);
}

/** Your endpoints, in the API's `{ data }` shape (at most 16: one call has them all). */
export async function listEndpoints(ctx: Context): Promise<{ data: WebhookEndpoint[] }> {
  return { data: await (await client(ctx)).webhookEndpoints.list() };
}

export async function getEndpoint(ctx: Context, endpointId: string): Promise<WebhookEndpoint> {
  return (await client(ctx)).webhookEndpoints.get(endpointId);
}

export async function updateEndpoint(
  ctx: Context,
  endpointId: string,
  body: WebhookEndpointUpdate,
): Promise<WebhookEndpoint> {
  return (await client(ctx)).webhookEndpoints.update(endpointId, body);
}

export async function deleteEndpoint(ctx: Context, endpointId: string): Promise<void> {
  await (await client(ctx)).webhookEndpoints.delete(endpointId);
}

export async function rotateSecret(
  ctx: Context,
  endpointId: string,
  expireOldAfterMs: number | undefined,
): Promise<WebhookEndpointWithSecret> {
  return (await client(ctx)).webhookEndpoints.rotateSecret(
    endpointId,
    expireOldAfterMs === undefined
      ? {}
      : { expireOldAfterSeconds: Math.round(expireOldAfterMs / 1000) },
  );
}

/** Requeues the endpoint's failed deliveries of events in the window, in the API's shape. */
export async function recoverDeliveries(
  ctx: Context,
  endpointId: string,
  window: RecoverRequest,
): Promise<{ requeued: number }> {
  return { requeued: await (await client(ctx)).webhookEndpoints.recover(endpointId, window) };
}

/** How often `testEndpoint` looks for the ping's first attempt. */
const POLL_MS = 200;

export interface PingOutcome {
  ping: ShopEvent;
  /** The first attempt to deliver the ping, or undefined when none was made within the wait. */
  attempt: Delivery | undefined;
}

/**
 * Sends the endpoint a `ping` and, for up to `waitMs`, reads back its first delivery attempt:
 * deliveries run off the request path, so the POST alone cannot say whether the receiver answered.
 */
export async function testEndpoint(
  ctx: Context,
  endpointId: string,
  waitMs: number,
): Promise<PingOutcome> {
  const shop = await client(ctx);
  const ping = await shop.webhookEndpoints.test(endpointId);
  const deadline = Date.now() + waitMs;
  for (;;) {
    const attempts = await shop.events.deliveries(ping.id, { signal: ctx.signal });
    const attempt = attempts.find((a) => a.endpointId === endpointId);
    if (attempt || Date.now() >= deadline) return { ping, attempt };
    await sleep(Math.min(POLL_MS, deadline - Date.now()), undefined, { signal: ctx.signal });
  }
}
