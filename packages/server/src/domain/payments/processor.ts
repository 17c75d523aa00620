import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { ordersRepo } from '../../db/repositories/orders.js';
import { paymentsRepo, type PaymentRow } from '../../db/repositories/payments.js';
import { processedMessagesRepo } from '../../db/repositories/processed-messages.js';
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
  const first = processedMessagesRepo(db).markRequestProcessed.run({
    message_id: event.messageId,
    order_id: event.orderId,
    action: event.action,
    now: now.toISOString(),
  });
  if (first.changes === 0) return 'duplicate';

  const repo = paymentsRepo(db);
  const existing = repo.byOrder.get(event.orderId);
  switch (event.action) {
    case 'CREATE_PAYMENT': {
      if (existing) {
        if (existing.status === 'PENDING') return 'noop'; // its settlement sends the result
        sendResult(db, existing, now);
        return 'resent';
      }
      if (event.amount === undefined)
        throw new Error(`CREATE_PAYMENT ${event.messageId} has no amount`);
      const method = event.paymentMethod ?? DEFAULT_PAYMENT_METHOD;
      const at = now.toISOString();
      const payment: PaymentRow = {
        payment_id: randomUUID(),
        order_id: event.orderId,
        amount_cents: Math.round(event.amount * 100),
        status: 'PENDING',
        payment_method: method,
        failure_reason: null,
        settle_at: now.getTime() + settleDelayMs(method, baseDelayMs),
        created_at: at,
        updated_at: at,
        refunded_at: null,
      };
      repo.insert.run(payment);
      // In-process shortcut: the result schema has no PENDING status, yet the order should
      // show its paymentId as soon as the payment exists.
      ordersRepo(db).setPaymentId.run({
        order_id: event.orderId,
        payment_id: payment.payment_id,
        now: at,
      });
      recordPaymentEvent(db, {
        type: 'payment.created',
        payment: toPayment(payment),
        requestId: null,
      });
      return 'created';
    }
    case 'CANCEL_PAYMENT':
      // Voids a PENDING payment and refunds a charged one; nothing to do otherwise.
      if (!existing || existing.status === 'FAILED' || existing.status === 'REFUNDED')
        return 'noop';
      markRefunded(db, existing, now);
      return 'refunded';
    case 'UPDATE_PAYMENT': {
      // Hosted behaviour, kept for completeness: this server never sends UPDATE_PAYMENT.
      if (!existing || event.amount === undefined) return 'noop';
      const updated: PaymentRow = {
        ...existing,
        status: 'UPDATED',
        amount_cents: Math.round(event.amount * 100),
        settle_at: null,
        updated_at: now.toISOString(),
      };
      repo.update.run(updated);
      sendResult(db, updated, now);
      return 'updated';
    }
  }
}

/**
 * Settles the PENDING payment due first, if any: FAILED (`card_declined`) for the declined
 * card, SUCCESS otherwise, and its result message. Returns the settled payment.
 */
export function settleDuePayment(db: Db, now: Date): PaymentRow | undefined {
  const repo = paymentsRepo(db);
  const due = duePayment(db, now);
  if (!due) return undefined;
  const declined = due.payment_method === DECLINED_CARD;
  const settled: PaymentRow = {
    ...due,
    status: declined ? 'FAILED' : 'SUCCESS',
    failure_reason: declined ? 'card_declined' : null,
    settle_at: null,
    updated_at: now.toISOString(),
  };
  repo.update.run(settled);
  recordPaymentEvent(db, {
    type: declined ? 'payment.failed' : 'payment.succeeded',
    payment: toPayment(settled),
    previous: { status: due.status, failureReason: null },
    requestId: null,
  });
  sendResult(db, settled, now);
  return settled;
}

/** The PENDING payment due first, if any (the one settleDuePayment would settle). */
export const duePayment = (db: Db, now: Date): PaymentRow | undefined =>
  paymentsRepo(db).nextDue.get(now.getTime());

/** Moves a PENDING payment's settlement to `atMs` (after a failed attempt to settle it). */
export function postponeSettlement(db: Db, paymentId: string, atMs: number): void {
  paymentsRepo(db).postponeSettlement.run({ payment_id: paymentId, settle_at: atMs });
}

export const nextSettleAt = (db: Db): number | null => paymentsRepo(db).nextSettleAt.get() ?? null;

function sendResult(db: Db, payment: PaymentRow, now: Date): void {
  if (payment.status === 'PENDING') return;
  enqueuePaymentResult(
    db,
    {
      orderId: payment.order_id,
      paymentId: payment.payment_id,
      status: payment.status,
      amount: centsToAmount(payment.amount_cents),
      ...(payment.failure_reason === null ? {} : { failureReason: payment.failure_reason }),
    },
    now,
  );
}
