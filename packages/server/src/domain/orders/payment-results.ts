import type { Db } from '../../db/database.js';
import { setOrderPaymentId } from '../../db/repositories/orders.js';
import { markResultApplied } from '../../db/repositories/processed-messages.js';
import type { PaymentResultEvent } from '../payments/messages.js';
import { recordOrderEvent } from '../events/emit.js';
import { loadOrder, releaseOrderStock, setOrderStatus, type Order } from './orders.js';

export type ResultOutcome = 'applied' | 'duplicate' | 'ignored';

/**
 * The orders side's consumer of payment-result-events, run inside the worker's transaction.
 * Each messageId is applied once (applied_results). Transitions follow the state table:
 * SUCCESS: INVENTORY_RESERVED → PAID (a CANCELLED order stays CANCELLED: its CANCEL_PAYMENT
 * refunds the payment); FAILED: INVENTORY_RESERVED → PAYMENT_FAILED with stock released;
 * REFUNDED: PAID → REFUNDED with stock restored. Anything else leaves the order as it is.
 */
export function applyPaymentResult(db: Db, event: PaymentResultEvent, now: Date): ResultOutcome {
  const at = now.toISOString();
  const first = markResultApplied(db, {
    messageId: event.messageId,
    orderId: event.orderId,
    status: event.status,
    at,
  });
  if (!first) return 'duplicate';

  const loaded = loadOrder(db, event.orderId);
  if (!loaded) return 'ignored';
  // Usually set already, when the payment was created; an order keeps its first payment.
  if (loaded.paymentId === null) setOrderPaymentId(db, loaded.orderId, event.paymentId, at);
  const order: Order = { ...loaded, paymentId: loaded.paymentId ?? event.paymentId };

  switch (event.status) {
    case 'SUCCESS':
      if (!awaitingPayment(order)) return 'ignored';
      setOrderStatus(db, order.orderId, 'PAID', null, now);
      recordOrderEvent(db, {
        type: 'order.paid',
        order: transitioned(order, 'PAID', null, at),
        previous: { status: order.status },
        requestId: null,
      });
      return 'applied';
    case 'FAILED':
      return failPayment(db, order, event.failureReason ?? 'payment_failed', now)
        ? 'applied'
        : 'ignored';
    case 'REFUNDED':
      if (order.status !== 'PAID') return 'ignored';
      releaseOrderStock(db, order, now);
      setOrderStatus(db, order.orderId, 'REFUNDED', null, now);
      recordOrderEvent(db, {
        type: 'order.refunded',
        order: transitioned(order, 'REFUNDED', null, at),
        previous: { status: order.status },
        requestId: null,
      });
      return 'applied';
    case 'UPDATED':
      // Only the hosted UPDATE_PAYMENT produces it; the order has nothing to change.
      return 'ignored';
  }
}

/** PAYMENT_FAILED with the order's stock released (also used when a message is dead-lettered). */
export function failPayment(db: Db, order: Order, reason: string, now: Date): boolean {
  if (!awaitingPayment(order)) return false;
  releaseOrderStock(db, order, now);
  setOrderStatus(db, order.orderId, 'PAYMENT_FAILED', reason, now);
  recordOrderEvent(db, {
    type: 'order.payment_failed',
    order: transitioned(order, 'PAYMENT_FAILED', reason, now.toISOString()),
    previous: { status: order.status, failureReason: order.failureReason },
    requestId: null,
  });
  return true;
}

/** The order as setOrderStatus just wrote it: built, not read back. */
const transitioned = (
  order: Order,
  status: Order['status'],
  failureReason: string | null,
  at: string,
): Order => ({ ...order, status, failureReason, updatedAt: at });

const awaitingPayment = (order: Order): boolean =>
  order.status === 'INVENTORY_RESERVED' || order.status === 'PENDING';
