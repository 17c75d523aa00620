import type { Schemas } from '../../api-types.js';
import type { Db } from '../database.js';
import { preparedPerDb } from './prepared.js';

export type PaymentStatus = Schemas['PaymentStatus'];

export interface PaymentRecord {
  paymentId: string;
  orderId: string;
  amountCents: number;
  status: PaymentStatus;
  paymentMethod: string;
  failureReason: string | null;
  /** Epoch ms when a PENDING payment gets its outcome; null once settled. */
  settleAt: number | null;
  createdAt: string;
  updatedAt: string;
  refundedAt: string | null;
}

interface PaymentRow {
  payment_id: string;
  order_id: string;
  amount_cents: number;
  status: PaymentStatus;
  payment_method: string;
  failure_reason: string | null;
  settle_at: number | null;
  created_at: string;
  updated_at: string;
  refunded_at: string | null;
}

export interface PaymentFilter {
  accountId: string;
  orderId: string | null;
}

const PAYMENT_COLUMNS = `p.payment_id, p.order_id, p.amount_cents, p.status, p.payment_method,
  p.failure_reason, p.settle_at, p.created_at, p.updated_at, p.refunded_at`;

const stmts = preparedPerDb((db) => ({
  // An order has at most one payment: no row written means the order had one already.
  insertIfNone: db.prepare<[PaymentRow]>(
    `INSERT INTO payments (payment_id, order_id, amount_cents, status, payment_method,
                           failure_reason, settle_at, created_at, updated_at, refunded_at)
     VALUES (@payment_id, @order_id, @amount_cents, @status, @payment_method,
             @failure_reason, @settle_at, @created_at, @updated_at, @refunded_at)
     ON CONFLICT (order_id) DO NOTHING`,
  ),
  byOrder: db.prepare<[string], PaymentRow>(
    `SELECT ${PAYMENT_COLUMNS} FROM payments p WHERE p.order_id = ?`,
  ),
  // Ownership comes from the order: the payments side knows orders, the account owns orders.
  byIdForAccount: db.prepare<[string, string], PaymentRow>(
    `SELECT ${PAYMENT_COLUMNS} FROM payments p JOIN orders o ON o.order_id = p.order_id
      WHERE p.payment_id = ? AND o.account_id = ?`,
  ),
  update: db.prepare<[PaymentRow]>(
    `UPDATE payments SET status = @status, amount_cents = @amount_cents,
            failure_reason = @failure_reason, settle_at = @settle_at,
            updated_at = @updated_at, refunded_at = @refunded_at
      WHERE payment_id = @payment_id`,
  ),
  // Only while still PENDING: the caller's copy may be older than its own transaction.
  settle: db.prepare<[PaymentRow]>(
    `UPDATE payments SET status = @status, failure_reason = @failure_reason, settle_at = NULL,
            updated_at = @updated_at
      WHERE payment_id = @payment_id AND status = 'PENDING'`,
  ),
  due: db.prepare<[number, number], PaymentRow>(
    `SELECT ${PAYMENT_COLUMNS} FROM payments p
      WHERE p.settle_at IS NOT NULL AND p.settle_at <= ? ORDER BY p.settle_at, p.rowid LIMIT ?`,
  ),
  postpone: db.prepare<[number, string]>(
    `UPDATE payments SET settle_at = ? WHERE payment_id = ? AND settle_at IS NOT NULL`,
  ),
  nextSettleAt: db
    .prepare<[], number | null>('SELECT MIN(settle_at) FROM payments WHERE settle_at IS NOT NULL')
    .pluck(),
  count: db
    .prepare<[{ account_id: string; order_id: string | null }], number>(
      `SELECT COUNT(*) FROM payments p JOIN orders o ON o.order_id = p.order_id
        WHERE o.account_id = @account_id AND (@order_id IS NULL OR p.order_id = @order_id)`,
    )
    .pluck(),
  page: db.prepare<
    [{ account_id: string; order_id: string | null; limit: number; offset: number }],
    PaymentRow
  >(
    `SELECT ${PAYMENT_COLUMNS} FROM payments p JOIN orders o ON o.order_id = p.order_id
      WHERE o.account_id = @account_id AND (@order_id IS NULL OR p.order_id = @order_id)
      ORDER BY p.created_at DESC, p.rowid DESC LIMIT @limit OFFSET @offset`,
  ),
}));

const fromRow = (row: PaymentRow): PaymentRecord => ({
  paymentId: row.payment_id,
  orderId: row.order_id,
  amountCents: row.amount_cents,
  status: row.status,
  paymentMethod: row.payment_method,
  failureReason: row.failure_reason,
  settleAt: row.settle_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  refundedAt: row.refunded_at,
});

const toRow = (payment: PaymentRecord): PaymentRow => ({
  payment_id: payment.paymentId,
  order_id: payment.orderId,
  amount_cents: payment.amountCents,
  status: payment.status,
  payment_method: payment.paymentMethod,
  failure_reason: payment.failureReason,
  settle_at: payment.settleAt,
  created_at: payment.createdAt,
  updated_at: payment.updatedAt,
  refunded_at: payment.refundedAt,
});

/** Writes the order's first payment; false (nothing written) when the order has one already. */
export const insertFirstPayment = (db: Db, payment: PaymentRecord): boolean =>
  stmts(db).insertIfNone.run(toRow(payment)).changes > 0;

/** Writes every mutable field of an existing payment. */
export function savePayment(db: Db, payment: PaymentRecord): void {
  stmts(db).update.run(toRow(payment));
}

/** Writes the outcome of a payment that is still PENDING; false (nothing written) otherwise. */
export const settlePendingPayment = (db: Db, payment: PaymentRecord): boolean =>
  stmts(db).settle.run(toRow(payment)).changes > 0;

export function findPaymentByOrder(db: Db, orderId: string): PaymentRecord | undefined {
  const row = stmts(db).byOrder.get(orderId);
  return row && fromRow(row);
}

export function findPaymentForAccount(
  db: Db,
  paymentId: string,
  accountId: string,
): PaymentRecord | undefined {
  const row = stmts(db).byIdForAccount.get(paymentId, accountId);
  return row && fromRow(row);
}

/** PENDING payments whose settlement is due at `atMs`, earliest first. */
export const duePayments = (db: Db, atMs: number, limit: number): PaymentRecord[] =>
  stmts(db).due.all(atMs, limit).map(fromRow);

/** Moves a PENDING payment's settlement to `atMs`. */
export function postponeSettlement(db: Db, paymentId: string, atMs: number): void {
  stmts(db).postpone.run(atMs, paymentId);
}

export const nextSettleAt = (db: Db): number | null => stmts(db).nextSettleAt.get() ?? null;

export const countPayments = (db: Db, filter: PaymentFilter): number =>
  stmts(db).count.get({ account_id: filter.accountId, order_id: filter.orderId }) ?? 0;

/** Newest first. */
export const listPaymentPage = (
  db: Db,
  filter: PaymentFilter,
  page: { limit: number; offset: number },
): PaymentRecord[] =>
  stmts(db)
    .page.all({ account_id: filter.accountId, order_id: filter.orderId, ...page })
    .map(fromRow);
