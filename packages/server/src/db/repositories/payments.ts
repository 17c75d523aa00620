import type { Schemas } from '../../api-types.js';
import type { Db } from '../database.js';
import { prepare, preparePluck, preparedPerDb } from './prepared.js';

export type PaymentStatus = Schemas['PaymentStatus'];

export interface PaymentRow {
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

const PAYMENT_COLUMNS = `p.payment_id, p.order_id, p.amount_cents, p.status, p.payment_method,
  p.failure_reason, p.settle_at, p.created_at, p.updated_at, p.refunded_at`;

function build(db: Db) {
  return {
    insert: prepare<[PaymentRow]>(
      db,
      `INSERT INTO payments (payment_id, order_id, amount_cents, status, payment_method,
                             failure_reason, settle_at, created_at, updated_at, refunded_at)
       VALUES (@payment_id, @order_id, @amount_cents, @status, @payment_method,
               @failure_reason, @settle_at, @created_at, @updated_at, @refunded_at)`,
    ),
    byId: prepare<[string], PaymentRow>(
      db,
      `SELECT ${PAYMENT_COLUMNS} FROM payments p WHERE p.payment_id = ?`,
    ),
    byOrder: prepare<[string], PaymentRow>(
      db,
      `SELECT ${PAYMENT_COLUMNS} FROM payments p WHERE p.order_id = ?`,
    ),
    // Ownership comes from the order: the payments side knows orders, the account owns orders.
    byIdForAccount: prepare<[string, string], PaymentRow>(
      db,
      `SELECT ${PAYMENT_COLUMNS} FROM payments p JOIN orders o ON o.order_id = p.order_id
        WHERE p.payment_id = ? AND o.account_id = ?`,
    ),
    update: prepare<
      [
        Pick<
          PaymentRow,
          | 'payment_id'
          | 'status'
          | 'amount_cents'
          | 'failure_reason'
          | 'settle_at'
          | 'updated_at'
          | 'refunded_at'
        >,
      ]
    >(
      db,
      `UPDATE payments SET status = @status, amount_cents = @amount_cents,
              failure_reason = @failure_reason, settle_at = @settle_at,
              updated_at = @updated_at, refunded_at = @refunded_at
        WHERE payment_id = @payment_id`,
    ),
    nextDue: prepare<[number], PaymentRow>(
      db,
      `SELECT ${PAYMENT_COLUMNS} FROM payments p
        WHERE p.settle_at IS NOT NULL AND p.settle_at <= ? ORDER BY p.settle_at, p.rowid LIMIT 1`,
    ),
    postponeSettlement: prepare<[{ payment_id: string; settle_at: number }]>(
      db,
      `UPDATE payments SET settle_at = @settle_at
        WHERE payment_id = @payment_id AND settle_at IS NOT NULL`,
    ),
    nextSettleAt: preparePluck<[], number | null>(
      db,
      'SELECT MIN(settle_at) FROM payments WHERE settle_at IS NOT NULL',
    ),
    count: preparePluck<[{ account_id: string; order_id: string | null }], number>(
      db,
      `SELECT COUNT(*) FROM payments p JOIN orders o ON o.order_id = p.order_id
          WHERE o.account_id = @account_id AND (@order_id IS NULL OR p.order_id = @order_id)`,
    ),
    page: prepare<
      [{ account_id: string; order_id: string | null; limit: number; offset: number }],
      PaymentRow
    >(
      db,
      `SELECT ${PAYMENT_COLUMNS} FROM payments p JOIN orders o ON o.order_id = p.order_id
        WHERE o.account_id = @account_id AND (@order_id IS NULL OR p.order_id = @order_id)
        ORDER BY p.created_at DESC, p.rowid DESC LIMIT @limit OFFSET @offset`,
    ),
  };
}

/** Prepared statements for payments (the payments side's table). */
export const paymentsRepo = preparedPerDb(build);
