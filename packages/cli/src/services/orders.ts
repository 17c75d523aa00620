import type { Order, OrderCreate, OrderPage, OrderStatus } from '@shop/sdk';
import type { Context } from '../context.js';
import { client } from './client.js';

/**
 * Every order status of the contract, and whether an order stops changing on its own there
 * (PAID can still be refunded, but by someone). A status added to the spec fails the build here.
 */
const SETTLES = {
  PENDING: false,
  INVENTORY_RESERVED: false,
  PAID: true,
  PAYMENT_FAILED: true,
  FAILED: true,
  CANCELLED: true,
  REFUNDED: true,
} as const satisfies Record<OrderStatus, boolean>;

/** The contract's order statuses, in life-cycle order. */
export const ORDER_STATUSES = Object.keys(SETTLES) as readonly OrderStatus[];

export const SETTLED_STATUSES: readonly OrderStatus[] = ORDER_STATUSES.filter(
  (status) => SETTLES[status],
);

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
