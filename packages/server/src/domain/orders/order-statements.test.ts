import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { insertAccount, insertItem, openTestDb } from '../../../test/domain-fixtures.js';
import { requestHash, runCommand, type Answer } from '../idempotency/idempotency.js';
import { createOrder, loadOrder, type Order } from './orders.js';
import { runPass } from '../../payments/worker.js';
import { pino } from 'pino';

/**
 * better-sqlite3 has no statement hook, so every statement prepared from here on is wrapped to
 * count its executions (BEGIN and COMMIT are the transaction function's own, not counted).
 */
function countStatements(db: Db): { sql: string; inTransaction: boolean }[] {
  const executed: { sql: string; inTransaction: boolean }[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const statement = prepare(sql);
    for (const method of ['run', 'get', 'all', 'iterate'] as const) {
      const original = statement[method].bind(statement) as (...args: unknown[]) => unknown;
      Object.defineProperty(statement, method, {
        value: (...args: unknown[]) => {
          executed.push({ sql: sql.replace(/\s+/g, ' ').trim(), inTransaction: db.inTransaction });
          return original(...args);
        },
      });
    }
    return statement;
  }) as Db['prepare'];
  return executed;
}

/** "SELECT items", "INSERT orders": the verb and the table a statement works on. */
const summary = (sql: string): string => {
  const verb = sql.split(' ')[0] ?? '';
  const table = /(?:FROM|INTO|UPDATE) (\w+)/.exec(sql)?.[1] ?? '?';
  return `${verb} ${table}`;
};

const render = (answer: Answer<Order>) => ({
  status: answer.ok ? 201 : 409,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: Buffer.from(JSON.stringify(answer.ok ? answer.value : answer.error.code)),
});

describe('the order path', () => {
  let db: Db;
  let executed: ReturnType<typeof countStatements>;
  beforeEach(() => {
    db = openTestDb();
    executed = countStatements(db);
  });
  afterEach(() => db.close());

  const place = (accountId: string, items: { itemId: string; quantity: number }[], key: string) =>
    runCommand(
      db,
      {
        key: { accountId, key, requestHash: requestHash('POST', '/api/orders', { items }) },
        now: new Date(),
      },
      () => createOrder(db, { accountId, items }, new Date()),
      render,
    );

  it('places a keyed one-line order with 11 statements (+ BEGIN IMMEDIATE and COMMIT), all in its one transaction', () => {
    const accountId = insertAccount(db);
    const itemId = insertItem(db, { units: 5 });
    // The first order prepares every statement; the second is the steady state.
    place(accountId, [{ itemId, quantity: 1 }], 'warm-up');
    executed.length = 0;
    const { response } = place(accountId, [{ itemId, quantity: 1 }], 'measured');
    expect(response.status).toBe(201);
    expect(executed.every((s) => s.inTransaction)).toBe(true);
    // Pinned so that a statement added to the order path is a decision, not an accident.
    expect(executed.map((s) => summary(s.sql))).toEqual([
      'SELECT idempotency_keys', // the key
      'SELECT items', // the item
      'SELECT inventory', // its stock
      'SELECT accounts', // the account's payment method
      'INSERT orders', // the order, with its final status
      'INSERT order_lines', // its line
      'UPDATE inventory', // the reservation
      'INSERT inventory_operations', // and its log entry
      'INSERT outbox', // CREATE_PAYMENT
      'INSERT events', // order.created, in the same transaction (its subscribers are cached)
      'INSERT idempotency_keys', // the stored response
    ]);
  });

  it('a replay reads the key and nothing else', () => {
    const accountId = insertAccount(db);
    const itemId = insertItem(db, { units: 5 });
    place(accountId, [{ itemId, quantity: 1 }], 'k');
    executed.length = 0;
    expect(place(accountId, [{ itemId, quantity: 1 }], 'k').replayed).toBe(true);
    expect(executed).toHaveLength(1);
  });

  it('pays an order in the worker with 17 statements in three passes, none of them a read-back', () => {
    const accountId = insertAccount(db);
    const itemId = insertItem(db, { units: 5 });
    // A second ahead of the orders' clock, so every message and settlement is due at once.
    const worker = {
      db,
      logger: pino({ level: 'silent' }),
      now: () => new Date(Date.now() + 1000),
      paymentDelayMs: 0,
    };
    const drain = () => {
      while (runPass(worker).length > 0);
    };
    place(accountId, [{ itemId, quantity: 1 }], 'warm-up');
    drain();
    const { response } = place(accountId, [{ itemId, quantity: 1 }], 'measured');
    const { orderId } = JSON.parse(response.body.toString()) as Order;
    executed.length = 0;
    drain();
    const statements = executed.map((s) => summary(s.sql));
    expect(loadOrder(db, orderId)?.status).toBe('PAID');
    // Each pass starts with the due messages and the due settlements (shared by a whole batch
    // under load); one order needs three passes here, and a fourth finds nothing.
    const passStart = ['SELECT outbox', 'SELECT payments'];
    expect(statements).toEqual([
      ...passStart,
      'INSERT processed_messages', // CREATE_PAYMENT, once per message id
      'INSERT payments', // written first: looked up only if the order had one already
      'UPDATE orders', // its paymentId
      'SELECT orders', // payment.created: the order's account
      'INSERT events',
      'UPDATE outbox', // the message consumed
      ...passStart,
      'UPDATE payments', // settled
      'SELECT orders', // payment.succeeded: the order's account
      'INSERT events',
      'INSERT outbox', // the SUCCESS result
      ...passStart,
      'INSERT applied_results', // the result, once per message id
      'SELECT orders', // the order
      'SELECT order_lines', // and its lines, for the event
      'UPDATE orders', // PAID (its paymentId was set already)
      'INSERT events', // order.paid, built from what was written (endpoints come from memory)
      'UPDATE outbox', // the result consumed
      ...passStart,
    ]);
  });
});
