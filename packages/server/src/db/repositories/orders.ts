import type { Schemas } from '../../api-types.js';
import type { Db } from '../database.js';
import { prepare, preparePluck, preparedPerDb } from './prepared.js';

export type OrderStatus = Schemas['OrderStatus'];

export interface OrderRow {
  order_id: string;
  account_id: string;
  status: OrderStatus;
  total_cents: number;
  payment_method: string;
  payment_id: string | null;
  failure_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface OrderLineRow {
  order_id: string;
  line_no: number;
  item_id: string;
  item_name: string;
  unit_price_cents: number;
  quantity: number;
}

/** What an order line copies from the catalog at order time. */
export interface CatalogItemRow {
  item_id: string;
  item_name: string;
  unit_price_cents: number;
  available_units: number | null;
}

const ORDER_COLUMNS = `order_id, account_id, status, total_cents, payment_method, payment_id,
  failure_reason, created_at, updated_at`;

function build(db: Db) {
  return {
    insert: prepare<[OrderRow]>(
      db,
      `INSERT INTO orders (${ORDER_COLUMNS})
       VALUES (@order_id, @account_id, @status, @total_cents, @payment_method, @payment_id,
               @failure_reason, @created_at, @updated_at)`,
    ),
    insertLine: prepare<[OrderLineRow]>(
      db,
      `INSERT INTO order_lines (order_id, line_no, item_id, item_name, unit_price_cents, quantity)
       VALUES (@order_id, @line_no, @item_id, @item_name, @unit_price_cents, @quantity)`,
    ),
    byId: prepare<[string], OrderRow>(db, `SELECT ${ORDER_COLUMNS} FROM orders WHERE order_id = ?`),
    lines: prepare<[string], OrderLineRow>(
      db,
      'SELECT * FROM order_lines WHERE order_id = ? ORDER BY line_no',
    ),
    setStatus: prepare<
      [{ order_id: string; status: OrderStatus; failure_reason: string | null; now: string }]
    >(
      db,
      `UPDATE orders SET status = @status, failure_reason = @failure_reason, updated_at = @now
        WHERE order_id = @order_id`,
    ),
    setPaymentId: prepare<[{ order_id: string; payment_id: string; now: string }]>(
      db,
      `UPDATE orders SET payment_id = @payment_id, updated_at = @now
        WHERE order_id = @order_id AND payment_id IS NULL`,
    ),
    count: preparePluck<[{ account_id: string; status: OrderStatus | null }], number>(
      db,
      `SELECT COUNT(*) FROM orders
          WHERE account_id = @account_id AND (@status IS NULL OR status = @status)`,
    ),
    page: prepare<
      [{ account_id: string; status: OrderStatus | null; limit: number; offset: number }],
      OrderRow
    >(
      db,
      `SELECT ${ORDER_COLUMNS} FROM orders
        WHERE account_id = @account_id AND (@status IS NULL OR status = @status)
        ORDER BY created_at DESC, rowid DESC LIMIT @limit OFFSET @offset`,
    ),
    catalogItem: prepare<[string], CatalogItemRow>(
      db,
      `SELECT i.item_id, i.item_name, i.unit_price_cents, v.available_units
         FROM items i LEFT JOIN inventory v ON v.item_id = i.item_id
        WHERE i.item_id = ?`,
    ),
    accountPaymentMethod: preparePluck<[string], string>(
      db,
      'SELECT payment_method FROM accounts WHERE account_id = ?',
    ),
  };
}

/** Prepared statements for orders and their lines (plus the catalog reads order creation needs). */
export const ordersRepo = preparedPerDb(build);
