import { randomUUID } from 'node:crypto';
import type { Schemas } from '../../api-types.js';
import type { Db } from '../../db/database.js';
import {
  ordersRepo,
  type CatalogItemRow,
  type OrderLineRow,
  type OrderRow,
  type OrderStatus,
} from '../../db/repositories/orders.js';
import { DomainError, isDomainError } from '../errors.js';
import {
  applyOrderOperation,
  hasInventory,
  heldByOrder,
  insufficient,
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

function toOrder(row: OrderRow, lines: OrderLineRow[]): Order {
  return {
    orderId: row.order_id,
    userId: row.account_id,
    status: row.status,
    totalAmount: centsToAmount(row.total_cents),
    items: lines.map((line) => ({
      itemId: line.item_id,
      itemName: line.item_name,
      unitPrice: centsToAmount(line.unit_price_cents),
      quantity: line.quantity,
      lineTotal: centsToAmount(line.unit_price_cents * line.quantity),
    })),
    paymentId: row.payment_id,
    failureReason: row.failure_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Reads an order with its lines (no ownership check: for the worker and after writes). */
export function loadOrder(db: Db, orderId: string): Order | undefined {
  const repo = ordersRepo(db);
  const row = repo.byId.get(orderId);
  return row && toOrder(row, repo.lines.all(orderId));
}

/**
 * Places an order in one transaction: prices and names copied from the catalog, the total
 * computed here, every line reserved through the inventory operation log, and a CREATE_PAYMENT
 * message written to the outbox. A line short of stock records the order as FAILED with
 * nothing reserved, then throws 409 `inventory.insufficient` (extensions name the order).
 */
export function createOrder(
  db: Db,
  input: { accountId: string; items: OrderLineInput[]; requestId?: string | null },
  now: Date,
): Order {
  const repo = ordersRepo(db);
  const outcome = inImmediateTransaction(db, () => {
    const catalog = resolveLines(db, input.items);
    const orderId = randomUUID();
    const at = now.toISOString();
    const row: OrderRow = {
      order_id: orderId,
      account_id: input.accountId,
      status: 'PENDING',
      total_cents: catalog.reduce(
        (sum, { item, quantity }) => sum + item.unit_price_cents * quantity,
        0,
      ),
      payment_method: repo.accountPaymentMethod.get(input.accountId) ?? DEFAULT_PAYMENT_METHOD,
      payment_id: null,
      failure_reason: null,
      created_at: at,
      updated_at: at,
    };
    repo.insert.run(row);
    catalog.forEach(({ item, quantity }, index) => {
      repo.insertLine.run({
        order_id: orderId,
        line_no: index + 1,
        item_id: item.item_id,
        item_name: item.item_name,
        unit_price_cents: item.unit_price_cents,
        quantity,
      });
    });

    // Check every line before reserving any, so a short line reserves nothing at all.
    const short = catalog.find(({ item, quantity }) => (item.available_units ?? 0) < quantity);
    if (short) {
      repo.setStatus.run({
        order_id: orderId,
        status: 'FAILED',
        failure_reason: 'insufficient_inventory',
        now: at,
      });
      recordOrderEvent(db, {
        type: 'order.failed',
        order: mustLoad(db, orderId),
        requestId: input.requestId ?? null,
      });
      return { orderId, shortage: short };
    }
    for (const { item, quantity } of catalog) {
      applyOrderOperation(db, { itemId: item.item_id, orderId, type: 'RESERVE', quantity }, now);
    }
    repo.setStatus.run({
      order_id: orderId,
      status: 'INVENTORY_RESERVED',
      failure_reason: null,
      now: at,
    });
    enqueuePaymentRequest(
      db,
      {
        orderId,
        amount: centsToAmount(row.total_cents),
        action: 'CREATE_PAYMENT',
        paymentMethod: row.payment_method,
      },
      now,
    );
    recordOrderEvent(db, {
      type: 'order.created',
      order: mustLoad(db, orderId),
      requestId: input.requestId ?? null,
    });
    return { orderId, shortage: undefined };
  });

  if (outcome.shortage) {
    const { item, quantity } = outcome.shortage;
    throw insufficient({ itemId: item.item_id, quantity }, item.available_units ?? 0, {
      orderId: outcome.orderId,
    });
  }
  return mustLoad(db, outcome.orderId);
}

function resolveLines(
  db: Db,
  items: OrderLineInput[],
): { item: CatalogItemRow; quantity: number }[] {
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
  return items.map(({ itemId, quantity }) => {
    const item = ordersRepo(db).catalogItem.get(itemId);
    if (!item) {
      throw new DomainError('order.item_not_found', `Item ${itemId} does not exist.`, { itemId });
    }
    return { item, quantity };
  });
}

function mustLoad(db: Db, orderId: string): Order {
  const order = loadOrder(db, orderId);
  if (!order) throw new Error(`order ${orderId} vanished inside its own transaction`);
  return order;
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
  const repo = ordersRepo(db);
  const filter = { account_id: accountId, status: query.status ?? null };
  const rows = repo.page.all({ ...filter, limit: query.size, offset: query.page * query.size });
  return toPage(
    rows.map((row) => toOrder(row, repo.lines.all(row.order_id))),
    query,
    repo.count.get(filter) ?? 0,
  );
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
      case 'INVENTORY_RESERVED':
        releaseOrderStock(db, order, now);
        setOrderStatus(db, orderId, 'CANCELLED', null, now);
        enqueuePaymentRequest(db, { orderId, action: 'CANCEL_PAYMENT' }, now);
        recordOrderEvent(db, {
          type: 'order.cancelled',
          order: mustLoad(db, orderId),
          previous: { status: order.status },
          requestId,
        });
        return { order: mustLoad(db, orderId), accepted: false };
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
  ordersRepo(db).setStatus.run({
    order_id: orderId,
    status,
    failure_reason: failureReason,
    now: now.toISOString(),
  });
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
