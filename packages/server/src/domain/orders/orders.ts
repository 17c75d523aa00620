import { randomUUID } from 'node:crypto';
import type { Schemas } from '../../api-types.js';
import type { Db } from '../../db/database.js';
import { findAccountById } from '../../db/repositories/accounts.js';
import { findAvailableUnits } from '../../db/repositories/inventory.js';
import { findItemById } from '../../db/repositories/items.js';
import {
  countOrders,
  findOrder,
  insertOrder,
  listOrderPage,
  updateOrderStatus,
  type OrderLineRecord,
  type OrderRecord,
  type OrderStatus,
  type OrderWithLines,
} from '../../db/repositories/orders.js';
import { DomainError, isDomainError } from '../errors.js';
import {
  applyOrderOperation,
  hasInventory,
  heldByOrder,
  insufficient,
  reserveForNewOrder,
} from '../inventory/operations.js';
import { enqueuePaymentRequest } from '../payments/messages.js';
import { DEFAULT_PAYMENT_METHOD } from '../payments/methods.js';
import { centsToAmount } from '../money.js';
import { toPage, type Page, type PageRequest } from '../page.js';
import { inImmediateTransaction } from '../../db/transaction.js';
import { recordOrderEvent } from '../events/emit.js';

export type { OrderStatus };

/** The API's `Order` object. */
export type Order = Schemas['Order'];

export interface OrderLineInput {
  itemId: string;
  quantity: number;
}

function toOrder(record: OrderRecord, lines: readonly OrderLineRecord[]): Order {
  return {
    orderId: record.orderId,
    userId: record.accountId,
    status: record.status,
    totalAmount: centsToAmount(record.totalCents),
    items: lines.map((line) => ({
      itemId: line.itemId,
      itemName: line.itemName,
      unitPrice: centsToAmount(line.unitPriceCents),
      quantity: line.quantity,
      lineTotal: centsToAmount(line.unitPriceCents * line.quantity),
    })),
    paymentId: record.paymentId,
    failureReason: record.failureReason,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

const fromStored = (stored: OrderWithLines): Order => toOrder(stored, stored.lines);

/** Reads an order with its lines (no ownership check: for the worker). */
export function loadOrder(db: Db, orderId: string): Order | undefined {
  const stored = findOrder(db, orderId);
  return stored && fromStored(stored);
}

/** A line priced from the catalog, with the stock it was checked against. */
interface PricedLine extends OrderLineRecord {
  availableUnits: number;
}

/**
 * The "order created / order failed" transition, in one transaction (the caller's command, or
 * its own): prices and names copied from the catalog, the total computed here, and either every
 * line reserved through the inventory operation log with a CREATE_PAYMENT message written to the
 * outbox (INVENTORY_RESERVED), or, when a line is short of stock, the order recorded as FAILED
 * with nothing reserved. The FAILED case then throws 409 `inventory.insufficient` (extensions
 * name the order); the FAILED order is kept, since a domain error answers the command.
 * The order is built from what was written, not read back.
 */
export function createOrder(
  db: Db,
  input: { accountId: string; items: OrderLineInput[]; requestId?: string | null },
  now: Date,
): Order {
  const outcome = inImmediateTransaction(db, () => {
    const lines = priceLines(db, input.items);
    const at = now.toISOString();
    // Every line is checked before any is reserved, so a short line reserves nothing at all.
    const short = lines.find((line) => line.availableUnits < line.quantity);
    const order: OrderRecord = {
      orderId: randomUUID(),
      accountId: input.accountId,
      status: short ? 'FAILED' : 'INVENTORY_RESERVED',
      totalCents: lines.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0),
      paymentMethod: findAccountById(db, input.accountId)?.paymentMethod ?? DEFAULT_PAYMENT_METHOD,
      paymentId: null,
      failureReason: short ? 'insufficient_inventory' : null,
      createdAt: at,
      updatedAt: at,
    };
    insertOrder(db, order, lines);
    if (!short) {
      for (const line of lines) reserveForNewOrder(db, { orderId: order.orderId, ...line }, at);
      enqueuePaymentRequest(
        db,
        {
          orderId: order.orderId,
          amount: centsToAmount(order.totalCents),
          action: 'CREATE_PAYMENT',
          paymentMethod: order.paymentMethod,
        },
        now,
      );
    }
    const created = toOrder(order, lines);
    recordOrderEvent(db, {
      type: short ? 'order.failed' : 'order.created',
      order: created,
      requestId: input.requestId ?? null,
    });
    return { order: created, short };
  });
  if (outcome.short) {
    const { itemId, quantity, availableUnits } = outcome.short;
    throw insufficient({ itemId, quantity }, availableUnits, { orderId: outcome.order.orderId });
  }
  return outcome.order;
}

function priceLines(db: Db, items: OrderLineInput[]): PricedLine[] {
  const seen = new Set<string>();
  for (const { itemId } of items) {
    if (seen.has(itemId)) {
      throw new DomainError(
        'order.duplicate_item',
        `Item ${itemId} appears on more than one line; put the whole quantity on one line.`,
        { itemId },
      );
    }
    seen.add(itemId);
  }
  return items.map(({ itemId, quantity }, index) => {
    const item = findItemById(db, itemId);
    if (!item) {
      throw new DomainError('order.item_not_found', `Item ${itemId} does not exist.`, { itemId });
    }
    return {
      lineNo: index + 1,
      itemId,
      itemName: item.itemName,
      unitPriceCents: item.unitPriceCents,
      quantity,
      availableUnits: findAvailableUnits(db, itemId) ?? 0,
    };
  });
}

/** The caller's order; another account's order is reported as missing (no leak). */
export function getOrder(db: Db, accountId: string, orderId: string): Order {
  const order = loadOrder(db, orderId);
  if (!order || order.userId !== accountId) {
    throw new DomainError('order.not_found', `Order ${orderId} not found.`);
  }
  return order;
}

export function listOrders(
  db: Db,
  accountId: string,
  query: PageRequest & { status?: OrderStatus | undefined },
): Page<Order> {
  const filter = { accountId, status: query.status ?? null };
  const stored = listOrderPage(db, filter, { limit: query.size, offset: query.page * query.size });
  return toPage(stored.map(fromStored), query, countOrders(db, filter));
}

/**
 * Cancels per the spec's table: PENDING / INVENTORY_RESERVED → CANCELLED at once with stock
 * released and a CANCEL_PAYMENT to void any payment in flight (`accepted: false`, 200); PAID →
 * a CANCEL_PAYMENT that refunds, the order stays PAID until the REFUNDED result (`accepted:
 * true`, 202); anything else → 409 `order.not_cancellable`.
 */
export function cancelOrder(
  db: Db,
  accountId: string,
  orderId: string,
  now: Date,
  requestId: string | null = null,
): { order: Order; accepted: boolean } {
  return inImmediateTransaction(db, () => {
    const order = getOrder(db, accountId, orderId);
    switch (order.status) {
      case 'PENDING':
      case 'INVENTORY_RESERVED': {
        releaseOrderStock(db, order, now);
        setOrderStatus(db, orderId, 'CANCELLED', null, now);
        enqueuePaymentRequest(db, { orderId, action: 'CANCEL_PAYMENT' }, now);
        const cancelled: Order = { ...order, status: 'CANCELLED', updatedAt: now.toISOString() };
        recordOrderEvent(db, {
          type: 'order.cancelled',
          order: cancelled,
          previous: { status: order.status },
          requestId,
        });
        return { order: cancelled, accepted: false };
      }
      case 'PAID':
        enqueuePaymentRequest(db, { orderId, action: 'CANCEL_PAYMENT' }, now);
        return { order, accepted: true };
      default:
        throw new DomainError(
          'order.not_cancellable',
          `Order ${orderId} is ${order.status}; only PENDING, INVENTORY_RESERVED and PAID orders can be cancelled.`,
          { orderId, status: order.status },
        );
    }
  });
}

export function setOrderStatus(
  db: Db,
  orderId: string,
  status: OrderStatus,
  failureReason: string | null,
  now: Date,
): void {
  updateOrderStatus(db, orderId, status, failureReason, now.toISOString());
}

/**
 * Gives back what the order still holds on each line through RELEASE operations (one id per
 * order and item, so cancel, payment failure and refund can never release twice). Lines whose
 * item was deleted since have no stock to return to and are skipped.
 */
export function releaseOrderStock(db: Db, order: Order, now: Date): void {
  for (const line of order.items) {
    const held = heldByOrder(db, order.orderId, line.itemId);
    if (held <= 0 || !hasInventory(db, line.itemId)) continue;
    try {
      applyOrderOperation(
        db,
        { itemId: line.itemId, orderId: order.orderId, type: 'RELEASE', quantity: held },
        now,
      );
    } catch (error) {
      // Releasing exactly what the order holds cannot be refused; if it is, the log is broken.
      // Kept from reaching the caller as the inventory's 4xx, which cancel and the payment
      // results do not answer: it is an internal error, with its cause.
      if (!isDomainError(error)) throw error;
      throw new Error(
        `Order ${order.orderId} could not release its ${held} unit(s) of item ${line.itemId}`,
        { cause: error },
      );
    }
  }
}
