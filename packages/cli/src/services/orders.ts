import type { Order, OrderCreate, OrderPage, OrderStatus } from '@shop/sdk';
import type { Context } from '../context.js';
import { client } from './client.js';

/** Where an order stops changing on its own (PAID can still be refunded, but by someone). */
const SETTLED_STATUSES: readonly OrderStatus[] = [
  'PAID',
  'PAYMENT_FAILED',
  'FAILED',
  'CANCELLED',
  'REFUNDED',
];

export async function createOrder(
  ctx: Context,
  body: OrderCreate,
  idempotencyKey: string | undefined,
): Promise<Order> {
  return (await client(ctx)).orders.create(body, { idempotencyKey });
}

export async function listOrders(
  ctx: Context,
  query: { status?: OrderStatus; page: number; size: number },
): Promise<OrderPage> {
  const { page, ...rest } = query;
  return (await client(ctx)).orders.list(rest).page(page);
}

export async function getOrder(ctx: Context, orderId: string): Promise<Order> {
  return (await client(ctx)).orders.get(orderId);
}

export async function cancelOrder(ctx: Context, orderId: string): Promise<Order> {
  return (await client(ctx)).orders.cancel(orderId);
}

/** Polls until the order settles; `onStatus` sees every change (the live status line). */
export async function waitForOrder(
  ctx: Context,
  orderId: string,
  options: { timeoutMs: number; onStatus?: (order: Order) => void },
): Promise<Order> {
  return (await client(ctx)).orders.waitFor(orderId, {
    until: [...SETTLED_STATUSES],
    timeoutMs: options.timeoutMs,
    signal: ctx.signal,
    onStatus: options.onStatus,
  });
}
