import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { setOrderPaymentId } from '../../db/repositories/orders.js';
import {
  duePayments as findDuePayments,
  findPaymentByOrder,
  insertFirstPayment,
  nextSettleAt as findNextSettleAt,
  postponeSettlement as postponePaymentSettlement,
  savePayment,
  settlePendingPayment,
  type PaymentRecord,
} from '../../db/repositories/payments.js';
import { markRequestProcessed } from '../../db/repositories/processed-messages.js';
import { centsToAmount } from '../money.js';
import { enqueuePaymentResult, type PaymentRequestEvent } from './messages.js';
import { DEFAULT_PAYMENT_METHOD } from './methods.js';
import { markRefunded, toPayment } from './payments.js';
import { recordPaymentEvent } from '../events/emit.js';

/** Test cards, as in Stripe: anything not listed succeeds. */
const DECLINED_CARD = 'pm_card_declined';
const SLOW_CARD = 'pm_card_slow';

/** Floor of the slow card's delay, so it is visibly slower even with a zero base delay. */
const SLOW_CARD_MIN_DELAY_MS = 3000;

/**
 * How long a new payment stays PENDING: the base delay (SHOP_PAYMENT_DELAY_MS), or for the
 * slow card max(3000 ms, 10 × base).
 */
export const settleDelayMs = (paymentMethod: string, baseDelayMs: number): number =>
  paymentMethod === SLOW_CARD ? Math.max(SLOW_CARD_MIN_DELAY_MS, 10 * baseDelayMs) : baseDelayMs;

export type RequestOutcome = 'created' | 'resent' | 'refunded' | 'updated' | 'noop' | 'duplicate';

/**
 * The payments side's consumer of payment-request-events, run inside the worker's transaction
 * (mark processed + write payment + write result). Each messageId is handled once
 * (processed_messages), and an order has at most one payment (a second CREATE_PAYMENT re-sends
 * the first payment's result, as the hosted service does).
 */
export function handlePaymentRequest(
  db: Db,
  event: PaymentRequestEvent,
  now: Date,
  baseDelayMs: number,
): RequestOutcome {
  const first = markRequestProcessed(db, {
    messageId: event.messageId,
    orderId: event.orderId,
    action: event.action,
    at: now.toISOString(),
  });
  if (!first) return 'duplicate';

  if (event.action === 'CREATE_PAYMENT') return createPayment(db, event, now, baseDelayMs);
  const existing = findPaymentByOrder(db, event.orderId);
  switch (event.action) {
    case 'CANCEL_PAYMENT':
      // Voids a PENDING payment and refunds a charged one; nothing to do otherwise.
      if (!existing || existing.status === 'FAILED' || existing.status === 'REFUNDED')
        return 'noop';
      markRefunded(db, existing, now);
      return 'refunded';
    case 'UPDATE_PAYMENT': {
      // Hosted behaviour, kept for completeness: this server never sends UPDATE_PAYMENT.
      if (!existing || event.amount === undefined) return 'noop';
      const updated: PaymentRecord = {
        ...existing,
        status: 'UPDATED',
        amountCents: Math.round(event.amount * 100),
        settleAt: null,
        updatedAt: now.toISOString(),
      };
      savePayment(db, updated);
      sendResult(db, updated, now);
      return 'updated';
    }
  }
}

/**
 * CREATE_PAYMENT: the payment is written first and looked up only when the order turns out to
 * have one already (a second CREATE_PAYMENT re-sends the first payment's result).
 */
function createPayment(
  db: Db,
  event: PaymentRequestEvent,
  now: Date,
  baseDelayMs: number,
): RequestOutcome {
  const method = event.paymentMethod ?? DEFAULT_PAYMENT_METHOD;
  const at = now.toISOString();
  const payment: PaymentRecord | undefined =
    event.amount === undefined
      ? undefined
      : {
          paymentId: randomUUID(),
          orderId: event.orderId,
          amountCents: Math.round(event.amount * 100),
          status: 'PENDING',
          paymentMethod: method,
          failureReason: null,
          settleAt: now.getTime() + settleDelayMs(method, baseDelayMs),
          createdAt: at,
          updatedAt: at,
          refundedAt: null,
        };
  if (payment && insertFirstPayment(db, payment)) {
    // In-process shortcut: the result schema has no PENDING status, yet the order should
    // show its paymentId as soon as the payment exists.
    setOrderPaymentId(db, event.orderId, payment.paymentId, at);
    recordPaymentEvent(db, {
      type: 'payment.created',
      payment: toPayment(payment),
      requestId: null,
    });
    return 'created';
  }
  const existing = findPaymentByOrder(db, event.orderId);
  if (!existing) throw new Error(`CREATE_PAYMENT ${event.messageId} has no amount`);
  if (existing.status === 'PENDING') return 'noop'; // its settlement sends the result
  sendResult(db, existing, now);
  return 'resent';
}

/**
 * The "payment succeeded / payment failed" transition of a PENDING payment whose delay has
 * passed: FAILED (`card_declined`) for the declined card, SUCCESS otherwise, and its result
 * message, in the caller's transaction. Returns the settled payment, or undefined when the
 * payment is no longer PENDING.
 */
export function settlePayment(db: Db, due: PaymentRecord, now: Date): PaymentRecord | undefined {
  const declined = due.paymentMethod === DECLINED_CARD;
  const settled: PaymentRecord = {
    ...due,
    status: declined ? 'FAILED' : 'SUCCESS',
    failureReason: declined ? 'card_declined' : null,
    settleAt: null,
    updatedAt: now.toISOString(),
  };
  // `due` was read before this transaction's earlier work, which may have voided it (a
  // CANCEL_PAYMENT in the same worker pass): writing that copy would charge a cancelled order.
  if (!settlePendingPayment(db, settled)) return undefined;
  recordPaymentEvent(db, {
    type: declined ? 'payment.failed' : 'payment.succeeded',
    payment: toPayment(settled),
    previous: { status: due.status, failureReason: null },
    requestId: null,
  });
  sendResult(db, settled, now);
  return settled;
}

/** Up to `limit` PENDING payments whose settlement is due, earliest first. */
export const duePayments = (db: Db, now: Date, limit: number): PaymentRecord[] =>
  findDuePayments(db, now.getTime(), limit);

/** Moves a PENDING payment's settlement to `atMs` (after a failed attempt to settle it). */
export const postponeSettlement = (db: Db, paymentId: string, atMs: number): void =>
  postponePaymentSettlement(db, paymentId, atMs);

/** When the next PENDING payment is due (epoch ms), or null. */
export const nextSettleAt = (db: Db): number | null => findNextSettleAt(db);

function sendResult(db: Db, payment: PaymentRecord, now: Date): void {
  if (payment.status === 'PENDING') return;
  enqueuePaymentResult(
    db,
    {
      orderId: payment.orderId,
      paymentId: payment.paymentId,
      status: payment.status,
      amount: centsToAmount(payment.amountCents),
      ...(payment.failureReason === null ? {} : { failureReason: payment.failureReason }),
    },
    now,
  );
}
