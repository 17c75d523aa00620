import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  InternalServerError,
  ShopTimeoutError,
  ShopWaitError,
  UnprocessableEntityError,
} from '../errors.js';
import type { FetchLike } from '../fetch/retry.js';
import { clientAs, newCustomer, noWait, stockedItem, useShop } from '../../test/server.js';

const env = useShop();

/** Global fetch, but the first attempt asks the server to fail *after* committing its work. */
function failFirstAttemptAfterCommit(fault: string): FetchLike {
  let calls = 0;
  return (url, init) => {
    calls += 1;
    const headers = new Headers(init.headers);
    if (calls === 1) headers.set('prefer', `fault=${fault}; phase=after`);
    return fetch(url, { ...init, headers });
  };
}

describe('orders', () => {
  it('places an order, waits for PAID, lists and reads it', async () => {
    const itemId = await stockedItem(env.admin, 5, 2.5);
    const { shop } = await newCustomer(env.url);
    const order = await shop.orders.create({ items: [{ itemId, quantity: 2 }] });
    expect(order).toMatchObject({ status: 'INVENTORY_RESERVED', totalAmount: 5 });
    const seen: string[] = [];
    const paid = await shop.orders.waitFor(order.orderId, {
      until: ['PAID', 'PAYMENT_FAILED'],
      onStatus: (o) => seen.push(o.status),
    });
    expect(paid.status).toBe('PAID');
    expect(seen.at(-1)).toBe('PAID');
    expect(await shop.orders.get(order.orderId)).toEqual(paid);
    const listed = await shop.orders.list().toArray({ limit: 10 });
    expect(listed.map((o) => o.orderId)).toEqual([order.orderId]);
    expect(await shop.orders.list({ status: 'CANCELLED' }).toArray({ limit: 10 })).toEqual([]);
  });

  it('stops after the last page when the orders end exactly on a page boundary', async () => {
    const itemId = await stockedItem(env.admin, 10);
    const { shop, attempts } = await newCustomer(env.url);
    for (let n = 0; n < 4; n++) await shop.orders.create({ items: [{ itemId, quantity: 1 }] });
    attempts.length = 0;
    const all = [];
    for await (const order of shop.orders.list({ size: 2 })) all.push(order);
    expect(all).toHaveLength(4);
    expect(new Set(all.map((o) => o.orderId)).size).toBe(4);
    // Two full pages and no third, empty one.
    expect(attempts.map((a) => new URL(a.url).searchParams.get('page'))).toEqual(['0', '1']);
  });

  it('cancels a reserved order at once, and refuses to cancel it twice', async () => {
    const itemId = await stockedItem(env.admin, 5);
    const { shop } = await newCustomer(env.url, { paymentMethod: 'pm_card_slow' });
    const order = await shop.orders.create({ items: [{ itemId, quantity: 1 }] });
    expect((await shop.orders.cancel(order.orderId)).status).toBe('CANCELLED');
    const again = await shop.orders.cancel(order.orderId).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ConflictError);
    expect(again).toMatchObject({ code: 'order.not_cancellable' });
  });

  it('cancels a paid order by refunding it', async () => {
    const itemId = await stockedItem(env.admin, 5);
    const { shop } = await newCustomer(env.url);
    const order = await shop.orders.create({ items: [{ itemId, quantity: 1 }] });
    await shop.orders.waitFor(order.orderId, { until: ['PAID'] });
    expect((await shop.orders.cancel(order.orderId)).status).toBe('PAID');
    expect((await shop.orders.waitFor(order.orderId, { until: ['REFUNDED'] })).status).toBe(
      'REFUNDED',
    );
  });

  it('waitFor resolves on a failure it waits for, and throws ShopWaitError on one it does not', async () => {
    const itemId = await stockedItem(env.admin, 5);
    const { shop } = await newCustomer(env.url, { paymentMethod: 'pm_card_declined' });
    const order = await shop.orders.create({ items: [{ itemId, quantity: 1 }] });
    const failed = await shop.orders.waitFor(order.orderId);
    expect(failed).toMatchObject({ status: 'PAYMENT_FAILED', failureReason: 'card_declined' });
    const error = await shop.orders
      .waitFor(order.orderId, { until: ['PAID'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopWaitError);
    expect(error).toMatchObject({ lastStatus: 'PAYMENT_FAILED' });
    expect((error as ShopWaitError).message).toContain('can no longer become PAID');
  });

  it('waitFor times out naming the last status, and stops on abort', async () => {
    const itemId = await stockedItem(env.admin, 5);
    const { shop } = await newCustomer(env.url, { paymentMethod: 'pm_card_slow' });
    const order = await shop.orders.create({ items: [{ itemId, quantity: 1 }] });
    const timeout = await shop.orders
      .waitFor(order.orderId, { until: ['PAID'], timeoutMs: 300 })
      .catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(ShopTimeoutError);
    expect(timeout).toMatchObject({ lastStatus: 'INVENTORY_RESERVED', timeoutMs: 300 });
    expect((timeout as Error).message).toContain('last status: INVENTORY_RESERVED');

    const controller = new AbortController();
    const reason = new Error('user gave up');
    const waiting = shop.orders.waitFor(order.orderId, {
      until: ['PAID'],
      signal: controller.signal,
    });
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
  });

  it('throws ConflictError with the shortage for insufficient stock', async () => {
    const itemId = await stockedItem(env.admin, 1);
    const { shop } = await newCustomer(env.url);
    const error = await shop.orders
      .create({ items: [{ itemId, quantity: 3 }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).problem).toMatchObject({
      code: 'inventory.insufficient',
      itemId,
      availableUnits: 1,
      requestedUnits: 3,
    });
  });

  it('throws UnprocessableEntityError for an unknown item', async () => {
    const { shop } = await newCustomer(env.url);
    const error = await shop.orders
      .create({ items: [{ itemId: 'ffffffffffffffffffffffff', quantity: 1 }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error).toMatchObject({ code: 'order.item_not_found' });
  });

  it("replays the first order for a caller's repeated key, and rejects the key for another body", async () => {
    const itemId = await stockedItem(env.admin, 10);
    const { shop } = await newCustomer(env.url);
    const idempotencyKey = randomUUID();
    const first = await shop.orders.create(
      { items: [{ itemId, quantity: 1 }] },
      { idempotencyKey },
    );
    const replay = await shop.orders.create(
      { items: [{ itemId, quantity: 1 }] },
      { idempotencyKey },
    );
    expect(replay.orderId).toBe(first.orderId);
    const reused = await shop.orders
      .create({ items: [{ itemId, quantity: 2 }] }, { idempotencyKey })
      .catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(UnprocessableEntityError);
    expect(reused).toMatchObject({ code: 'idempotency.key_reused' });
    expect(await shop.orders.list().toArray({ limit: 10 })).toHaveLength(1);
  });

  it.each(['503', 'reset'])(
    'retries a create whose response was lost (%s after commit) and places exactly one order',
    async (fault) => {
      const itemId = await stockedItem(env.admin, 10);
      const { shop, attempts } = await newCustomer(env.url, {
        fetch: failFirstAttemptAfterCommit(fault),
        sleep: noWait,
      });
      const order = await shop.orders.create({ items: [{ itemId, quantity: 2 }] });
      expect(order.status).toBe('INVENTORY_RESERVED');
      const orders = await shop.orders.list().toArray({ limit: 10 });
      expect(orders.map((o) => o.orderId)).toEqual([order.orderId]);
      expect((await env.admin.inventory.get(itemId)).reservedUnits).toBe(2);
      // The first attempt's answer was lost (a 503, or no response at all); the retry got 201.
      const posts = attempts.filter((a) => a.method === 'POST').map((a) => [a.attempt, a.status]);
      expect(posts).toEqual(
        fault === 'reset'
          ? [[2, 201]]
          : [
              [1, 503],
              [2, 201],
            ],
      );
    },
  );

  it('gives up on a 5xx after the retries, never duplicating the order', async () => {
    const itemId = await stockedItem(env.admin, 10);
    const { shop, attempts } = await newCustomer(env.url, {
      headers: { prefer: 'fault=503; phase=after' },
      sleep: noWait,
    });
    const error = await shop.orders
      .create({ items: [{ itemId, quantity: 1 }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 503, code: 'fault.injected' });
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    // The faults answer every attempt, so the list is read without them.
    const { shop: reader } = await clientAs(env.url, 'admin');
    expect((await reader.inventory.get(itemId)).reservedUnits).toBe(1);
  });

  it('times out a slow attempt, retrying a GET, and aborts at once on the caller signal', async () => {
    const { shop, attempts } = await newCustomer(env.url);
    const slow = { headers: { prefer: 'delay=5000' }, timeoutMs: 100 };
    const oneAttempt = await shop.orders
      .list({}, { ...slow, maxRetries: 0 })
      .page()
      .catch((e: unknown) => e);
    expect(oneAttempt).toBeInstanceOf(ShopTimeoutError);
    expect(oneAttempt).toMatchObject({ timeoutMs: 100 });

    const errors: unknown[] = [];
    const { shop: counting } = await newCustomer(env.url, {
      onError: (info) => errors.push(info.error),
      sleep: noWait,
    });
    await expect(
      counting.orders.list({}, { ...slow, maxRetries: 1 }).page(),
    ).rejects.toBeInstanceOf(ShopTimeoutError);
    expect(errors).toHaveLength(2);

    const controller = new AbortController();
    const pending = shop.orders
      .list({}, { headers: { prefer: 'delay=5000' }, signal: controller.signal })
      .page();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(attempts).toHaveLength(0);
  });
});
