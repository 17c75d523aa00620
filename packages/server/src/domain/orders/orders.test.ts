import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { DomainError } from '../errors.js';
import { applyInventoryOperation, reservedUnitsFor } from '../inventory/operations.js';
import { cancelOrder, createOrder, getOrder, listOrders } from './orders.js';
import {
  insertAccount,
  insertItem,
  openTestDb,
  specSchemaValidator,
  stockOf,
} from '../../../test/domain-fixtures.js';

const now = new Date('2026-03-04T05:06:07.000Z');

function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

const outboxPayloads = (db: Db) =>
  (db.prepare('SELECT payload FROM outbox ORDER BY seq').pluck().all() as string[]).map(
    (p) => JSON.parse(p) as Record<string, unknown>,
  );

describe('orders domain', () => {
  let db: Db;
  let accountId: string;
  beforeEach(() => {
    db = openTestDb();
    accountId = insertAccount(db, 'pm_card_visa');
  });
  afterEach(() => db.close());

  it('creates an order with catalog prices, a server-side total, reserved stock and a payment request', () => {
    const mouse = insertItem(db, { priceCents: 1999, units: 5, name: 'Mouse' });
    const cable = insertItem(db, { priceCents: 550, units: 5, name: 'Cable' });
    const order = createOrder(
      db,
      {
        accountId,
        items: [
          { itemId: mouse, quantity: 2 },
          { itemId: cable, quantity: 1 },
        ],
      },
      now,
    );
    expect(order).toMatchObject({
      userId: accountId,
      status: 'INVENTORY_RESERVED',
      totalAmount: 45.48,
      paymentId: null,
      failureReason: null,
      createdAt: now.toISOString(),
      items: [
        { itemId: mouse, itemName: 'Mouse', unitPrice: 19.99, quantity: 2, lineTotal: 39.98 },
        { itemId: cable, itemName: 'Cable', unitPrice: 5.5, quantity: 1, lineTotal: 5.5 },
      ],
    });
    expect(stockOf(db, mouse)).toEqual({ available_units: 3, reserved_units: 2 });
    expect(reservedUnitsFor(db, cable)).toBe(1);
    const [message, ...rest] = outboxPayloads(db);
    expect(rest).toEqual([]);
    expect(message).toMatchObject({
      orderId: order.orderId,
      amount: 45.48,
      action: 'CREATE_PAYMENT',
      paymentMethod: 'pm_card_visa',
      timestamp: now.getTime(),
    });
    expect(specSchemaValidator('PaymentRequestEvent')(message)).toBeNull();
    expect(specSchemaValidator('Order')(order)).toBeNull();
  });

  it('records a FAILED order and reserves nothing when one line is short', () => {
    const plenty = insertItem(db, { units: 10 });
    const scarce = insertItem(db, { units: 1 });
    const error = thrown(() =>
      createOrder(
        db,
        {
          accountId,
          items: [
            { itemId: plenty, quantity: 3 },
            { itemId: scarce, quantity: 2 },
          ],
        },
        now,
      ),
    );
    expect(error.code).toBe('inventory.insufficient');
    const { orderId, ...rest } = error.extensions as { orderId: string };
    expect(rest).toEqual({ itemId: scarce, availableUnits: 1, requestedUnits: 2 });
    expect(getOrder(db, accountId, orderId)).toMatchObject({
      status: 'FAILED',
      failureReason: 'insufficient_inventory',
    });
    expect(stockOf(db, plenty)).toEqual({ available_units: 10, reserved_units: 0 });
    expect(stockOf(db, scarce)).toEqual({ available_units: 1, reserved_units: 0 });
    expect(outboxPayloads(db)).toEqual([]);
  });

  it('rejects unknown and duplicate items without recording an order', () => {
    const item = insertItem(db);
    expect(
      thrown(() =>
        createOrder(db, { accountId, items: [{ itemId: 'a'.repeat(24), quantity: 1 }] }, now),
      ).code,
    ).toBe('order.item_not_found');
    expect(
      thrown(() =>
        createOrder(
          db,
          {
            accountId,
            items: [
              { itemId: item, quantity: 1 },
              { itemId: item, quantity: 2 },
            ],
          },
          now,
        ),
      ).code,
    ).toBe('order.duplicate_item');
    expect(listOrders(db, accountId, { page: 0, size: 20 }).totalElements).toBe(0);
  });

  it("hides another account's order as not found", () => {
    const order = createOrder(
      db,
      { accountId, items: [{ itemId: insertItem(db), quantity: 1 }] },
      now,
    );
    const stranger = insertAccount(db);
    expect(thrown(() => getOrder(db, stranger, order.orderId)).code).toBe('order.not_found');
    expect(thrown(() => cancelOrder(db, stranger, order.orderId, now)).code).toBe(
      'order.not_found',
    );
    expect(thrown(() => getOrder(db, accountId, randomUUID())).code).toBe('order.not_found');
  });

  it('lists newest first, pages, and filters by status', () => {
    const item = insertItem(db, { units: 3 });
    const ids = [0, 1, 2].map(
      (i) =>
        createOrder(
          db,
          { accountId, items: [{ itemId: item, quantity: 1 }] },
          new Date(now.getTime() + i),
        ).orderId,
    );
    thrown(() =>
      createOrder(
        db,
        { accountId, items: [{ itemId: item, quantity: 1 }] },
        new Date(now.getTime() + 3),
      ),
    );
    const first = listOrders(db, accountId, { page: 0, size: 2 });
    expect(first).toMatchObject({
      number: 0,
      size: 2,
      totalElements: 4,
      totalPages: 2,
      first: true,
      last: false,
    });
    expect(first.content.map((o) => o.status)).toEqual(['FAILED', 'INVENTORY_RESERVED']);
    expect(first.content[1]?.orderId).toBe(ids[2]);
    const second = listOrders(db, accountId, { page: 1, size: 2 });
    expect(second).toMatchObject({ first: false, last: true });
    expect(second.content.map((o) => o.orderId)).toEqual([ids[1], ids[0]]);
    const reserved = listOrders(db, accountId, { page: 0, size: 20, status: 'INVENTORY_RESERVED' });
    expect(reserved.totalElements).toBe(3);
    expect(listOrders(db, insertAccount(db), { page: 0, size: 20 }).content).toEqual([]);
    expect(specSchemaValidator('OrderPage')(first)).toBeNull();
  });

  it('cancels a reserved order at once: stock released, CANCEL_PAYMENT sent, then not cancellable', () => {
    const item = insertItem(db, { units: 4 });
    const order = createOrder(db, { accountId, items: [{ itemId: item, quantity: 3 }] }, now);
    const { order: cancelled, accepted } = cancelOrder(db, accountId, order.orderId, now);
    expect(accepted).toBe(false);
    expect(cancelled.status).toBe('CANCELLED');
    expect(stockOf(db, item)).toEqual({ available_units: 4, reserved_units: 0 });
    expect(outboxPayloads(db).map((m) => m.action)).toEqual(['CREATE_PAYMENT', 'CANCEL_PAYMENT']);
    expect(specSchemaValidator('PaymentRequestEvent')(outboxPayloads(db)[1])).toBeNull();
    expect(thrown(() => cancelOrder(db, accountId, order.orderId, now)).code).toBe(
      'order.not_cancellable',
    );
  });

  it('does not cancel a FAILED order', () => {
    const item = insertItem(db, { units: 0 });
    const { orderId } = thrown(() =>
      createOrder(db, { accountId, items: [{ itemId: item, quantity: 1 }] }, now),
    ).extensions as {
      orderId: string;
    };
    expect(thrown(() => cancelOrder(db, accountId, orderId, now)).code).toBe(
      'order.not_cancellable',
    );
  });

  it('releases nothing for a line whose item was deleted since', () => {
    const kept = insertItem(db, { units: 2 });
    const gone = insertItem(db, { units: 2 });
    const order = createOrder(
      db,
      {
        accountId,
        items: [
          { itemId: kept, quantity: 1 },
          { itemId: gone, quantity: 1 },
        ],
      },
      now,
    );
    db.prepare('DELETE FROM items WHERE item_id = ?').run(gone);
    expect(cancelOrder(db, accountId, order.orderId, now).order.status).toBe('CANCELLED');
    expect(stockOf(db, kept)).toEqual({ available_units: 2, reserved_units: 0 });
    expect(getOrder(db, accountId, order.orderId).items).toHaveLength(2);
  });

  it("cancels an order after a client operation took the order's own release id", () => {
    const item = insertItem(db, { units: 10 });
    const order = createOrder(db, { accountId, items: [{ itemId: item, quantity: 3 }] }, now);
    applyInventoryOperation(
      db,
      {
        itemId: item,
        orderId: order.orderId,
        type: 'RELEASE',
        quantity: 1,
        operationId: `${order.orderId}:${item}:release`,
      },
      now,
    );
    const { order: cancelled } = cancelOrder(db, accountId, order.orderId, now);
    expect(cancelled.status).toBe('CANCELLED');
    expect(stockOf(db, item)).toEqual({ available_units: 10, reserved_units: 0 });
  });

  it('reports a release the log refuses as an internal error, not an inventory 4xx', () => {
    const item = insertItem(db, { units: 10 });
    const order = createOrder(db, { accountId, items: [{ itemId: item, quantity: 3 }] }, now);
    // A broken log: the order's own release id already used with other fields.
    db.prepare(
      `INSERT INTO inventory_operations (scope, operation_id, item_id, order_id, type, quantity,
                                         available_units_after, created_at)
       VALUES ('order', ?, ?, ?, 'RELEASE', 1, 8, ?)`,
    ).run(`${order.orderId}:${item}:release`, item, order.orderId, now.toISOString());
    let error: unknown;
    try {
      cancelOrder(db, accountId, order.orderId, now);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(DomainError);
    expect((error as Error).cause).toMatchObject({ code: 'inventory.operation_conflict' });
    expect(getOrder(db, accountId, order.orderId).status).toBe('INVENTORY_RESERVED');
  });
});
