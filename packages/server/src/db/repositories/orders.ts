import type { Schemas } from '../../api-types.js';
import type { Db } from '../database.js';
import { preparedPerDb } from './prepared.js';

export type OrderStatus = Schemas['OrderStatus'];

export interface OrderRecord {
  orderId: string;
  accountId: string;
  status: OrderStatus;
  totalCents: number;
  paymentMethod: string;
  paymentId: string | null;
  failureReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A line copies the item's name and price at order time. */
export interface OrderLineRecord {
  lineNo: number;
  itemId: string;
  itemName: string;
  unitPriceCents: number;
  quantity: number;
}

export interface OrderWithLines extends OrderRecord {
  lines: OrderLineRecord[];
}

interface OrderRow {
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

interface OrderLineRow {
  line_no: number;
  item_id: string;
  item_name: string;
  unit_price_cents: number;
  quantity: number;
}

export interface OrderFilter {
  accountId: string;
  status: OrderStatus | null;
}

const ORDER_COLUMNS = `order_id, account_id, status, total_cents, payment_method, payment_id,
  failure_reason, created_at, updated_at`;

const stmts = preparedPerDb((db) => ({
  insert: db.prepare<[OrderRow]>(
    `INSERT INTO orders (${ORDER_COLUMNS})
     VALUES (@order_id, @account_id, @status, @total_cents, @payment_method, @payment_id,
             @failure_reason, @created_at, @updated_at)`,
  ),
  insertLine: db.prepare<[OrderLineRow & { order_id: string }]>(
    `INSERT INTO order_lines (order_id, line_no, item_id, item_name, unit_price_cents, quantity)
     VALUES (@order_id, @line_no, @item_id, @item_name, @unit_price_cents, @quantity)`,
  ),
  byId: db.prepare<[string], OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE order_id = ?`),
  owner: db.prepare<[string], string>('SELECT account_id FROM orders WHERE order_id = ?').pluck(),
  lines: db.prepare<[string], OrderLineRow>(
    `SELECT line_no, item_id, item_name, unit_price_cents, quantity
       FROM order_lines WHERE order_id = ? ORDER BY line_no`,
  ),
  setStatus: db.prepare<[string, string | null, string, string]>(
    'UPDATE orders SET status = ?, failure_reason = ?, updated_at = ? WHERE order_id = ?',
  ),
  setPaymentId: db.prepare<[string, string, string]>(
    `UPDATE orders SET payment_id = ?, updated_at = ? WHERE order_id = ? AND payment_id IS NULL`,
  ),
  count: db
    .prepare<[{ account_id: string; status: OrderStatus | null }], number>(
      `SELECT COUNT(*) FROM orders
        WHERE account_id = @account_id AND (@status IS NULL OR status = @status)`,
    )
    .pluck(),
  page: db.prepare<
    [{ account_id: string; status: OrderStatus | null; limit: number; offset: number }],
    OrderRow
  >(
    `SELECT ${ORDER_COLUMNS} FROM orders
      WHERE account_id = @account_id AND (@status IS NULL OR status = @status)
      ORDER BY created_at DESC, rowid DESC LIMIT @limit OFFSET @offset`,
  ),
}));

const fromRow = (row: OrderRow): OrderRecord => ({
  orderId: row.order_id,
  accountId: row.account_id,
  status: row.status,
  totalCents: row.total_cents,
  paymentMethod: row.payment_method,
  paymentId: row.payment_id,
  failureReason: row.failure_reason,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const lineFromRow = (row: OrderLineRow): OrderLineRecord => ({
  lineNo: row.line_no,
  itemId: row.item_id,
  itemName: row.item_name,
  unitPriceCents: row.unit_price_cents,
  quantity: row.quantity,
});

const withLines = (db: Db, row: OrderRow): OrderWithLines => ({
  ...fromRow(row),
  lines: stmts(db).lines.all(row.order_id).map(lineFromRow),
});

/** Writes an order and its lines (inside the caller's transaction). */
export function insertOrder(db: Db, order: OrderRecord, lines: readonly OrderLineRecord[]): void {
  const s = stmts(db);
  s.insert.run({
    order_id: order.orderId,
    account_id: order.accountId,
    status: order.status,
    total_cents: order.totalCents,
    payment_method: order.paymentMethod,
    payment_id: order.paymentId,
    failure_reason: order.failureReason,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
  });
  for (const line of lines) {
    s.insertLine.run({
      order_id: order.orderId,
      line_no: line.lineNo,
      item_id: line.itemId,
      item_name: line.itemName,
      unit_price_cents: line.unitPriceCents,
      quantity: line.quantity,
    });
  }
}

export function findOrder(db: Db, orderId: string): OrderWithLines | undefined {
  const row = stmts(db).byId.get(orderId);
  return row && withLines(db, row);
}

/** The account that placed the order, or undefined for an unknown order. */
export const findOrderOwner = (db: Db, orderId: string): string | undefined =>
  stmts(db).owner.get(orderId);

export function updateOrderStatus(
  db: Db,
  orderId: string,
  status: OrderStatus,
  failureReason: string | null,
  at: string,
): void {
  stmts(db).setStatus.run(status, failureReason, at, orderId);
}

/** Records the order's payment; an order keeps the first payment it was given. */
export function setOrderPaymentId(db: Db, orderId: string, paymentId: string, at: string): void {
  stmts(db).setPaymentId.run(paymentId, at, orderId);
}

export const countOrders = (db: Db, filter: OrderFilter): number =>
  stmts(db).count.get({ account_id: filter.accountId, status: filter.status }) ?? 0;

/** Newest first; rowid breaks ties between orders placed in the same millisecond. */
export function listOrderPage(
  db: Db,
  filter: OrderFilter,
  page: { limit: number; offset: number },
): OrderWithLines[] {
  return stmts(db)
    .page.all({ account_id: filter.accountId, status: filter.status, ...page })
    .map((row) => withLines(db, row));
}
