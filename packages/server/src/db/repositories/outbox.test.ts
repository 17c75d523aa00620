import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseUpTo, insertAccount, insertItem } from '../../../test/domain-fixtures.js';
import { dueOutboxMessages, insertOutboxMessage, markOutboxDone } from './outbox.js';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'migrations');

describe('migration 0020 (fewer B-trees per order) on a database in use', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it('keeps every row, and the outbox seq carries on after the highest one', () => {
    const last = readdirSync(migrationsDir)
      .filter((f) => f < '0020')
      .sort()
      .at(-1);
    const old = databaseUpTo(last ?? '');
    cleanup = old.cleanup;
    const { db } = old;
    const at = '2026-01-02T03:04:05.000Z';
    const accountId = insertAccount(db);
    const itemId = insertItem(db);
    const orderId = randomUUID();
    db.prepare(
      `INSERT INTO orders (order_id, account_id, status, total_cents, payment_method,
                           created_at, updated_at)
       VALUES (?, ?, 'INVENTORY_RESERVED', 100, 'pm_card_visa', ?, ?)`,
    ).run(orderId, accountId, at, at);
    db.prepare(
      `INSERT INTO order_lines (order_id, line_no, item_id, item_name, unit_price_cents, quantity)
       VALUES (?, 1, ?, 'Thing', 100, 1)`,
    ).run(orderId, itemId);
    db.prepare(
      `INSERT INTO inventory_operations (scope, operation_id, item_id, order_id, type, quantity,
                                         available_units_after, created_at)
       VALUES ('order', ?, ?, ?, 'RESERVE', 1, 9, ?)`,
    ).run(`${orderId}:${itemId}:reserve`, itemId, orderId, at);
    db.prepare(
      `INSERT INTO processed_messages (message_id, order_id, action, processed_at)
       VALUES ('m-1', ?, 'CREATE_PAYMENT', ?)`,
    ).run(orderId, at);
    db.prepare(
      `INSERT INTO applied_results (message_id, order_id, status, applied_at)
       VALUES ('m-2', ?, 'SUCCESS', ?)`,
    ).run(orderId, at);
    for (const messageId of ['a', 'b', 'c']) {
      insertOutboxMessage(db, {
        messageId,
        topic: 'payment-request-events',
        orderId,
        payload: '{}',
        availableAt: 0,
        createdAt: at,
      });
    }
    markOutboxDone(db, 1);

    old.upgrade();

    const count = (table: string) =>
      db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
    expect(
      ['order_lines', 'inventory_operations', 'processed_messages', 'applied_results'].map(count),
    ).toEqual([1, 1, 1, 1]);
    expect(dueOutboxMessages(db, 0, 10).map((m) => [m.seq, m.messageId])).toEqual([[2, 'b']]);
    insertOutboxMessage(db, {
      messageId: 'd',
      topic: 'payment-result-events',
      orderId,
      payload: '{}',
      availableAt: 0,
      createdAt: at,
    });
    expect(db.prepare('SELECT MAX(seq) FROM outbox').pluck().get()).toBe(4);
    // The rebuilt tables are WITHOUT ROWID: no rowid column to select.
    expect(() => db.prepare('SELECT rowid FROM order_lines').get()).toThrow(/no such column/);
  });
});
