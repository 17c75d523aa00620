import type { Schemas } from '../../api-types.js';
import type { Db } from '../../db/database.js';
import { findOrderOwner } from '../../db/repositories/orders.js';
import { appendEvent, type Event, type EventType } from './log.js';

type Order = Schemas['Order'];
type Payment = Schemas['Payment'];

export type OrderEventType = Extract<EventType, `order.${string}`>;
export type PaymentEventType = Extract<EventType, `payment.${string}`>;

/**
 * The one place order transitions become events: each transition in the order code calls this
 * in its own transaction with the order as the API returns it after the change.
 */
export function recordOrderEvent(
  db: Db,
  input: {
    type: OrderEventType;
    order: Order;
    previous?: Partial<Order>;
    requestId: string | null;
  },
): Event {
  const { type, order, previous, requestId } = input;
  return appendEvent(db, {
    type,
    accountId: order.userId,
    orderId: order.orderId,
    requestId,
    createdAt: order.updatedAt,
    data: previous === undefined ? { object: order } : { object: order, previous },
  });
}

/** Payment transitions' events; the account is the paid order's owner. */
export function recordPaymentEvent(
  db: Db,
  input: {
    type: PaymentEventType;
    payment: Payment;
    previous?: Partial<Payment>;
    requestId: string | null;
  },
): Event | undefined {
  const { type, payment, previous, requestId } = input;
  const accountId = findOrderOwner(db, payment.orderId);
  // A payment for an order this server does not know (a hand-written message) has no owner.
  if (accountId === undefined) return undefined;
  return appendEvent(db, {
    type,
    accountId,
    orderId: payment.orderId,
    requestId,
    createdAt: payment.updatedAt,
    data: previous === undefined ? { object: payment } : { object: payment, previous },
  });
}
