import type { Schemas } from '../../api-types.js';
import type { Db } from '../../db/database.js';
import {
  countPayments,
  findPaymentForAccount,
  listPaymentPage,
  savePayment,
  type PaymentRecord,
} from '../../db/repositories/payments.js';
import { DomainError } from '../errors.js';
import { centsToAmount } from '../money.js';
import { toPage, type Page, type PageRequest } from '../page.js';
import { enqueuePaymentResult } from './messages.js';
import { inImmediateTransaction } from '../../db/transaction.js';
import { recordPaymentEvent } from '../events/emit.js';

/** The API's `Payment` object. */
export type Payment = Schemas['Payment'];

export const toPayment = (record: PaymentRecord): Payment => ({
  paymentId: record.paymentId,
  orderId: record.orderId,
  amount: centsToAmount(record.amountCents),
  status: record.status,
  paymentMethod: record.paymentMethod,
  failureReason: record.failureReason,
  createdAt: record.createdAt,
  updatedAt: record.updatedAt,
  refundedAt: record.refundedAt,
});

function ownedPayment(db: Db, accountId: string, paymentId: string): PaymentRecord {
  const row = findPaymentForAccount(db, paymentId, accountId);
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
  const filter = { accountId, orderId: query.orderId ?? null };
  const records = listPaymentPage(db, filter, {
    limit: query.size,
    offset: query.page * query.size,
  });
  return toPage(records.map(toPayment), query, countPayments(db, filter));
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
  payment: PaymentRecord,
  now: Date,
  requestId: string | null = null,
): PaymentRecord {
  const at = now.toISOString();
  const updated: PaymentRecord = {
    ...payment,
    status: 'REFUNDED',
    settleAt: null,
    updatedAt: at,
    refundedAt: at,
  };
  savePayment(db, updated);
  recordPaymentEvent(db, {
    type: 'payment.refunded',
    payment: toPayment(updated),
    previous: { status: payment.status, refundedAt: null },
    requestId,
  });
  enqueuePaymentResult(
    db,
    {
      orderId: payment.orderId,
      paymentId: payment.paymentId,
      status: 'REFUNDED',
      amount: centsToAmount(payment.amountCents),
    },
    now,
  );
  return updated;
}
