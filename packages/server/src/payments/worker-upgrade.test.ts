import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseUpTo, insertAccount, insertItem, stockOf } from '../../test/domain-fixtures.js';
import { runOnce } from './worker.js';

describe('upgrading a database wedged by a client-taken release id', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it('lets the stuck message through once the order scope is apart: order failed, stock back', () => {
    const old = databaseUpTo('0005_outbox_pending_seq_index.sql');
    cleanup = old.cleanup;
    const { db } = old;
    const at = '2026-01-02T03:04:05.000Z';
    const accountId = insertAccount(db, 'pm_card_declined');
    const itemId = insertItem(db, { units: 8, priceCents: 100 });
    db.prepare('UPDATE inventory SET reserved_units = 2 WHERE item_id = ?').run(itemId);
    const orderId = randomUUID();
    const paymentId = randomUUID();
    // The state the old server left: the order reserved 3, a client released 1 under the id the
    // order's own release needs, and the declined result failed on that id ever since.
    db.prepare(
      `INSERT INTO orders (order_id, account_id, status, total_cents, payment_method, payment_id,
                           created_at, updated_at)
       VALUES (?, ?, 'INVENTORY_RESERVED', 300, 'pm_card_declined', ?, ?, ?)`,
    ).run(orderId, accountId, paymentId, at, at);
    db.prepare(
      `INSERT INTO order_lines (order_id, line_no, item_id, item_name, unit_price_cents, quantity)
       VALUES (?, 1, ?, 'Thing', 100, 3)`,
    ).run(orderId, itemId);
    const op = db.prepare(
      `INSERT INTO inventory_operations (operation_id, item_id, order_id, type, quantity,
                                         available_units_after, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    op.run(`${orderId}:${itemId}:reserve`, itemId, orderId, 'RESERVE', 3, 7, at);
    op.run(`${orderId}:${itemId}:release`, itemId, orderId, 'RELEASE', 1, 8, at);
    db.prepare(
      `INSERT INTO payments (payment_id, order_id, amount_cents, status, payment_method,
                             failure_reason, created_at, updated_at)
       VALUES (?, ?, 300, 'FAILED', 'pm_card_declined', 'card_declined', ?, ?)`,
    ).run(paymentId, orderId, at, at);
    const messageId = randomUUID();
    db.prepare(
      `INSERT INTO outbox (message_id, topic, order_id, payload, available_at, created_at)
       VALUES (?, 'payment-result-events', ?, ?, 0, ?)`,
    ).run(
      messageId,
      orderId,
      JSON.stringify({
        messageId,
        orderId,
        paymentId,
        status: 'FAILED',
        amount: 3,
        failureReason: 'card_declined',
        timestamp: 0,
      }),
      at,
    );

    old.upgrade();
    const step = runOnce({
      db,
      logger: pino({ level: 'silent' }),
      now: () => new Date(at),
      paymentDelayMs: 0,
    });

    expect(step).toMatchObject({ kind: 'message', ok: true });
    expect(db.prepare('SELECT status FROM orders WHERE order_id = ?').pluck().get(orderId)).toBe(
      'PAYMENT_FAILED',
    );
    expect(stockOf(db, itemId)).toEqual({ available_units: 10, reserved_units: 0 });
    db.close();
  });
});
