import type { Schemas } from '../../api-types.js';
import type { Db } from '../../db/database.js';
import { paymentsRepo, type PaymentRow } from '../../db/repositories/payments.js';
import { DomainError } from '../errors.js';
import { centsToAmount } from '../money.js';
import { toPage, type Page, type PageRequest } from '../page.js';
import { enqueuePaymentResult } from './messages.js';
import { inImmediateTransaction } from '../../db/transaction.js';
import { recordPaymentEvent } from '../events/emit.js';

/** The API's `Payment` object. */
export type Payment = Schemas['Payment'];

export const toPayment = (row: PaymentRow): Payment => ({
  paymentId: row.payment_id,
  orderId: row.order_id,
  amount: centsToAmount(row.amount_cents),
  status: row.status,
  paymentMethod: row.payment_method,
  failureReason: row.failure_reason,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  refundedAt: row.refunded_at,
});

function ownedPayment(db: Db, accountId: string, paymentId: string): PaymentRow {
  const row = paymentsRepo(db).byIdForAccount.get(paymentId, accountId);
  if (!row) throw new DomainError('payment.not_found', `Payment ${paymentId} not found.`);
  return row;
}

/** The caller's payment; another account's payment is reported as missing (no leak). */
export const getPayment = (db: Db, accountId: string, paymentId: string): Payment =>
  toPayment(ownedPayment(db, accountId, paymentId));

export function listPayments(
  db: Db,
  accountId: string,
  query: PageRequest & { orderId?: string | undefined },
): Page<Payment> {
  const repo = paymentsRepo(db);
  const filter = { account_id: accountId, order_id: query.orderId ?? null };
  const rows = repo.page.all({ ...filter, limit: query.size, offset: query.page * query.size });
  return toPage(rows.map(toPayment), query, repo.count.get(filter) ?? 0);
}

/**
 * Full refund of a charged payment, at once: REFUNDED with refundedAt (amount kept), and a
 * REFUNDED PaymentResultEvent so the order side moves the order to REFUNDED and restores stock.
 * A REFUNDED payment is returned unchanged; PENDING and FAILED ones cannot be refunded.
 */
export function refundPayment(
  db: Db,
  accountId: string,
  paymentId: string,
  now: Date,
  requestId: string | null = null,
): Payment {
  return inImmediateTransaction(db, () => {
    const row = ownedPayment(db, accountId, paymentId);
    if (row.status === 'REFUNDED') return toPayment(row);
    if (row.status === 'PENDING' || row.status === 'FAILED') {
      throw new DomainError(
        'payment.not_refundable',
        `Payment ${paymentId} is ${row.status}; only SUCCESS or UPDATED payments can be refunded.`,
        { paymentId, status: row.status },
      );
    }
    return toPayment(markRefunded(db, row, now, requestId));
  });
}

/** SUCCESS/UPDATED (refund) or PENDING (void) → REFUNDED, and the result message for the order side. */
export function markRefunded(
  db: Db,
  row: PaymentRow,
  now: Date,
  requestId: string | null = null,
): PaymentRow {
  const at = now.toISOString();
  const updated: PaymentRow = {
    ...row,
    status: 'REFUNDED',
    settle_at: null,
    updated_at: at,
    refunded_at: at,
  };
  paymentsRepo(db).update.run(updated);
  recordPaymentEvent(db, {
    type: 'payment.refunded',
    payment: toPayment(updated),
    previous: { status: row.status, refundedAt: null },
    requestId,
  });
  enqueuePaymentResult(
    db,
    {
      orderId: row.order_id,
      paymentId: row.payment_id,
      status: 'REFUNDED',
      amount: centsToAmount(row.amount_cents),
    },
    now,
  );
  return updated;
}
