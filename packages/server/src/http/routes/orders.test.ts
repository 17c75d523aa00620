import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client as api,
  loginAs,
  registerCustomer,
  startInProcess,
  type Client as Api,
  type RunningServer,
  stockedItem as createStockedItem,
} from '@shop/test-kit';
import { inventoryOf as readInventory, pollUntil } from '../../../test/commerce.js';
import { requestHash } from '../../domain/idempotency/idempotency.js';
import { insertInFlightClaim } from '../../../test/domain-fixtures.js';

let server: RunningServer;
let admin: Api;

beforeAll(async () => {
  server = await startInProcess({ paymentDelayMs: 20 });
  admin = api(server.url, await loginAs(server.url, 'admin'));
});
afterAll(() => server.close());

const stockedItem = (units: number, unitPrice = 12.5, itemName = 'Widget') =>
  createStockedItem(admin, units, { unitPrice, itemName });
const inventoryOf = (itemId: string) => readInventory(server.url, itemId);

async function customer(
  paymentMethod = 'pm_card_visa',
): Promise<{ client: Api; accountId: string; token: string }> {
  const { token, account } = await registerCustomer(server.url, { paymentMethod });
  return { client: api(server.url, token), accountId: account.accountId, token };
}

/** Polls an order until it reaches one of `statuses` (the worker runs on its own timers). */
const waitForStatus = (client: Api, orderId: string, statuses: string[]) =>
  pollUntil(client, `/api/orders/${orderId}`, (order) => statuses.includes(order.status as string));

describe('POST /api/orders', () => {
  it('places an order: catalog prices, server total, stock reserved; the payment makes it PAID', async () => {
    const mouse = await stockedItem(10, 19.99, 'Wireless Mouse');
    const cable = await stockedItem(10, 5.5, 'USB-C Cable');
    const { client, accountId } = await customer();
    const res = await client.post('/api/orders', {
      items: [
        { itemId: mouse, quantity: 2 },
        { itemId: cable, quantity: 1 },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('idempotent-replayed')).toBeNull();
    expect(res.body).toMatchObject({
      userId: accountId,
      status: 'INVENTORY_RESERVED',
      totalAmount: 45.48,
      failureReason: null,
      items: [
        {
          itemId: mouse,
          itemName: 'Wireless Mouse',
          unitPrice: 19.99,
          quantity: 2,
          lineTotal: 39.98,
        },
        { itemId: cable, itemName: 'USB-C Cable', unitPrice: 5.5, quantity: 1, lineTotal: 5.5 },
      ],
    });
    expect(await inventoryOf(mouse)).toMatchObject({ availableUnits: 8, reservedUnits: 2 });

    const paid = await waitForStatus(client, res.body.orderId, ['PAID']);
    expect(paid.body.paymentId).toMatch(/^[0-9a-f-]{36}$/);
    const payment = await client.get(`/api/payments/${paid.body.paymentId}`);
    expect(payment.body).toMatchObject({
      orderId: res.body.orderId,
      amount: 45.48,
      status: 'SUCCESS',
      paymentMethod: 'pm_card_visa',
    });
  });

  it('rejects a client-sent total and other unknown fields (400 validation.failed)', async () => {
    const itemId = await stockedItem(5);
    const { client } = await customer();
    const res = await client.post('/api/orders', {
      items: [{ itemId, quantity: 1 }],
      totalAmount: 0.01,
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation.failed');
    expect((await client.get('/api/orders')).body.totalElements).toBe(0);
  });

  it('409 inventory.insufficient records a FAILED order and reserves nothing', async () => {
    const plenty = await stockedItem(10);
    const scarce = await stockedItem(2);
    const { client } = await customer();
    const res = await client.post('/api/orders', {
      items: [
        { itemId: plenty, quantity: 5 },
        { itemId: scarce, quantity: 3 },
      ],
    });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      code: 'inventory.insufficient',
      itemId: scarce,
      availableUnits: 2,
      requestedUnits: 3,
    });
    const failed = await client.get(`/api/orders/${res.body.orderId}`);
    expect(failed.body).toMatchObject({
      status: 'FAILED',
      failureReason: 'insufficient_inventory',
      paymentId: null,
    });
    expect(await inventoryOf(plenty)).toMatchObject({ availableUnits: 10, reservedUnits: 0 });
    expect(await inventoryOf(scarce)).toMatchObject({ availableUnits: 2, reservedUnits: 0 });
  });

  it('422 for an unknown item and for the same item twice', async () => {
    const itemId = await stockedItem(5);
    const { client } = await customer();
    const unknown = await client.post('/api/orders', {
      items: [{ itemId: 'e'.repeat(24), quantity: 1 }],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('order.item_not_found');
    const twice = await client.post('/api/orders', {
      items: [
        { itemId, quantity: 1 },
        { itemId, quantity: 1 },
      ],
    });
    expect(twice.status).toBe(422);
    expect(twice.body.code).toBe('order.duplicate_item');
    expect(await inventoryOf(itemId)).toMatchObject({ availableUnits: 5 });
  });

  it('401 without a token', async () => {
    const res = await api(server.url).post('/api/orders', {
      items: [{ itemId: 'a'.repeat(24), quantity: 1 }],
    });
    expect(res.status).toBe(401);
  });

  it('never oversells: 100 concurrent one-unit orders against 30 units → exactly 30 placed', async () => {
    const itemId = await stockedItem(30);
    const { client } = await customer();
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        client.post('/api/orders', { items: [{ itemId, quantity: 1 }] }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(30);
    expect(statuses.filter((s) => s === 409)).toHaveLength(70);
    expect(
      results
        .filter((r) => r.status === 409)
        .every((r) => r.body.code === 'inventory.insufficient'),
    ).toBe(true);
    expect(await inventoryOf(itemId)).toMatchObject({ availableUnits: 0, reservedUnits: 30 });
  });

  it('a declined card ends PAYMENT_FAILED (card_declined) with the stock back', async () => {
    const itemId = await stockedItem(4);
    const { client } = await customer('pm_card_declined');
    const res = await client.post('/api/orders', { items: [{ itemId, quantity: 3 }] });
    expect(res.status).toBe(201);
    const failed = await waitForStatus(client, res.body.orderId, ['PAYMENT_FAILED']);
    expect(failed.body.failureReason).toBe('card_declined');
    expect(await inventoryOf(itemId)).toMatchObject({ availableUnits: 4, reservedUnits: 0 });
    const payment = await client.get(`/api/payments/${failed.body.paymentId}`);
    expect(payment.body).toMatchObject({ status: 'FAILED', failureReason: 'card_declined' });
  });
});

describe('Idempotency-Key on POST /api/orders', () => {
  it('replays the first response byte for byte, with Idempotent-Replayed: true, placing one order', async () => {
    const itemId = await stockedItem(5);
    const { token, client } = await customer();
    const key = randomUUID();
    const send = (body: unknown) =>
      fetch(new URL('/api/orders', server.url), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body: JSON.stringify(body),
      });
    const first = await send({ items: [{ itemId, quantity: 2 }] });
    const firstText = await first.text();
    // The same request with other key order and spacing is still the same request.
    const again = await send({ items: [{ quantity: 2, itemId }] });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(await again.text()).toBe(firstText);
    expect((await client.get('/api/orders')).body.totalElements).toBe(1);
    expect(await inventoryOf(itemId)).toMatchObject({ availableUnits: 3 });
  });

  it('422 idempotency.key_reused for a different body with the same key', async () => {
    const itemId = await stockedItem(5);
    const { client } = await customer();
    const headers = { 'idempotency-key': randomUUID() };
    expect(
      (await client.post('/api/orders', { items: [{ itemId, quantity: 1 }] }, { headers })).status,
    ).toBe(201);
    const changed = await client.post(
      '/api/orders',
      { items: [{ itemId, quantity: 2 }] },
      { headers },
    );
    expect(changed.status).toBe(422);
    expect(changed.body.code).toBe('idempotency.key_reused');
    expect((await client.get('/api/orders')).body.totalElements).toBe(1);
  });

  it('replays a stored 409 inventory.insufficient too (same FAILED order)', async () => {
    const itemId = await stockedItem(1);
    const { client } = await customer();
    const headers = { 'idempotency-key': randomUUID() };
    const first = await client.post(
      '/api/orders',
      { items: [{ itemId, quantity: 2 }] },
      { headers },
    );
    const again = await client.post(
      '/api/orders',
      { items: [{ itemId, quantity: 2 }] },
      { headers },
    );
    expect(first.status).toBe(409);
    expect(again.status).toBe(409);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await client.get('/api/orders')).body.totalElements).toBe(1);
  });

  it('does not store a 400: the corrected retry with the same key runs', async () => {
    const itemId = await stockedItem(3);
    const { client } = await customer();
    const headers = { 'idempotency-key': randomUUID() };
    expect(
      (await client.post('/api/orders', { items: [{ itemId, quantity: 0 }] }, { headers })).status,
    ).toBe(400);
    expect(
      (await client.post('/api/orders', { items: [{ itemId, quantity: 1 }] }, { headers })).status,
    ).toBe(201);
  });

  it('scopes keys per account: two accounts with one key get two orders', async () => {
    const itemId = await stockedItem(5);
    const a = await customer();
    const b = await customer();
    const headers = { 'idempotency-key': 'shared-key' };
    const first = await a.client.post(
      '/api/orders',
      { items: [{ itemId, quantity: 1 }] },
      { headers },
    );
    const second = await b.client.post(
      '/api/orders',
      { items: [{ itemId, quantity: 1 }] },
      { headers },
    );
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    expect(second.body.orderId).not.toBe(first.body.orderId);
    expect(second.body.userId).toBe(b.accountId);
  });

  it('409 idempotency.in_flight while the first request with the key is still running', async () => {
    const itemId = await stockedItem(5);
    const { client, accountId } = await customer();
    const key = randomUUID();
    const body = { items: [{ itemId, quantity: 1 }] };
    // Another server process on the same database has claimed the key and is still working.
    insertInFlightClaim(
      server.db,
      { accountId, key, requestHash: requestHash('POST', '/api/orders', body) },
      Date.now(),
    );
    const res = await client.post('/api/orders', body, { headers: { 'idempotency-key': key } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('idempotency.in_flight');
    expect(await inventoryOf(itemId)).toMatchObject({ availableUnits: 5 });
  });

  it('50 concurrent requests with one key place one order and all answer with it', async () => {
    const itemId = await stockedItem(100);
    const { client } = await customer();
    const headers = { 'idempotency-key': randomUUID() };
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        client.post('/api/orders', { items: [{ itemId, quantity: 1 }] }, { headers }),
      ),
    );
    const placed = results.filter((r) => r.status === 201);
    // Any request that found the first still running may answer 409 in_flight; none places an order.
    expect(results.every((r) => r.status === 201 || r.body.code === 'idempotency.in_flight')).toBe(
      true,
    );
    expect(placed.length).toBeGreaterThan(0);
    expect(new Set(placed.map((r) => r.body.orderId)).size).toBe(1);
    expect(placed.filter((r) => r.headers.get('idempotent-replayed') === null)).toHaveLength(1);
    expect((await client.get('/api/orders')).body.totalElements).toBe(1);
    expect(await inventoryOf(itemId)).toMatchObject({ availableUnits: 99, reservedUnits: 1 });
  });
});

describe('Idempotency-Key and the order are committed together', () => {
  it('if the response cannot be stored, the order is rolled back too; the retry places it once', async () => {
    const itemId = await stockedItem(10);
    const { client } = await customer();
    const headers = { 'idempotency-key': randomUUID() };
    const body = { items: [{ itemId, quantity: 2 }] };
    // Storing the final response fails, as a crash between the two writes would have left it.
    server.db.exec(`CREATE TRIGGER fail_idempotency_store BEFORE INSERT ON idempotency_keys
      WHEN NEW.state = 'DONE' BEGIN SELECT RAISE(ABORT, 'simulated crash'); END`);
    try {
      const failed = await client.post('/api/orders', body, { headers });
      expect(failed.status).toBe(500);
    } finally {
      server.db.exec('DROP TRIGGER fail_idempotency_store');
    }
    expect((await client.get('/api/orders')).body.totalElements).toBe(0);
    expect(await inventoryOf(itemId)).toMatchObject({ availableUnits: 10, reservedUnits: 0 });

    const retried = await client.post('/api/orders', body, { headers });
    expect(retried.status).toBe(201);
    const replayed = await client.post('/api/orders', body, { headers });
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.body.orderId).toBe(retried.body.orderId);
    expect((await client.get('/api/orders')).body.totalElements).toBe(1);
    expect(await inventoryOf(itemId)).toMatchObject({ availableUnits: 8, reservedUnits: 2 });
  });
});

describe('GET /api/orders and /api/orders/{orderId}', () => {
  it('lists only the caller’s orders, newest first, with paging and a status filter', async () => {
    const itemId = await stockedItem(3);
    const { client } = await customer();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        (await client.post('/api/orders', { items: [{ itemId, quantity: 1 }] })).body.orderId,
      );
    await client.post('/api/orders', { items: [{ itemId, quantity: 1 }] }); // FAILED: out of stock
    const page0 = await client.get('/api/orders?size=2');
    expect(page0.status).toBe(200);
    expect(page0.body).toMatchObject({
      number: 0,
      size: 2,
      totalElements: 4,
      totalPages: 2,
      first: true,
      last: false,
    });
    expect(page0.body.content[0].status).toBe('FAILED');
    expect(page0.body.content[1].orderId).toBe(ids[2]);
    const page1 = await client.get('/api/orders?size=2&page=1');
    expect(page1.body.content.map((o: { orderId: string }) => o.orderId)).toEqual([ids[1], ids[0]]);
    const failed = await client.get('/api/orders?status=FAILED');
    expect(failed.body.totalElements).toBe(1);
    expect((await (await customer()).client.get('/api/orders')).body.totalElements).toBe(0);
    expect((await client.get('/api/orders?status=SHIPPED')).status).toBe(400);
  });

  it('404 order.not_found for another account’s order, the same as a missing one', async () => {
    const itemId = await stockedItem(1);
    const owner = await customer();
    const placed = await owner.client.post('/api/orders', { items: [{ itemId, quantity: 1 }] });
    const stranger = await customer();
    const theirs = await stranger.client.get(`/api/orders/${placed.body.orderId}`);
    const missing = await stranger.client.get(`/api/orders/${randomUUID()}`);
    expect([theirs.status, missing.status]).toEqual([404, 404]);
    expect(theirs.body.code).toBe('order.not_found');
    expect(theirs.body.detail.replace(placed.body.orderId, 'X')).toBe(
      missing.body.detail.replace(/[0-9a-f-]{36}/, 'X'),
    );
    expect((await stranger.client.delete(`/api/orders/${placed.body.orderId}`)).status).toBe(404);
    expect((await owner.client.get('/api/orders/not-a-uuid')).status).toBe(400);
  });
});

describe('DELETE /api/orders/{orderId}', () => {
  it('cancels a reserved order at once (200 CANCELLED, stock released); then 409 not_cancellable', async () => {
    const itemId = await stockedItem(3);
    // The slow card keeps the payment PENDING long enough to cancel before it settles.
    const { client } = await customer('pm_card_slow');
    const placed = await client.post('/api/orders', { items: [{ itemId, quantity: 2 }] });
    const cancelled = await client.delete(`/api/orders/${placed.body.orderId}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    expect(await inventoryOf(itemId)).toMatchObject({ availableUnits: 3, reservedUnits: 0 });
    const again = await client.delete(`/api/orders/${placed.body.orderId}`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('order.not_cancellable');
  });

  it('cancels a PAID order with 202: it stays PAID, then becomes REFUNDED with stock restored', async () => {
    const itemId = await stockedItem(3);
    const { client } = await customer();
    const placed = await client.post('/api/orders', { items: [{ itemId, quantity: 2 }] });
    const paid = await waitForStatus(client, placed.body.orderId, ['PAID']);
    const accepted = await client.delete(`/api/orders/${placed.body.orderId}`);
    expect(accepted.status).toBe(202);
    expect(accepted.body.status).toBe('PAID');
    await waitForStatus(client, placed.body.orderId, ['REFUNDED']);
    expect(await inventoryOf(itemId)).toMatchObject({ availableUnits: 3, reservedUnits: 0 });
    const payment = await client.get(`/api/payments/${paid.body.paymentId}`);
    expect(payment.body).toMatchObject({ status: 'REFUNDED', amount: 25 });
    expect(payment.body.refundedAt).not.toBeNull();
    expect((await client.delete(`/api/orders/${placed.body.orderId}`)).status).toBe(409);
  });

  it('409 for FAILED and PAYMENT_FAILED orders', async () => {
    const itemId = await stockedItem(1);
    const { client } = await customer('pm_card_declined');
    const failed = await client.post('/api/orders', { items: [{ itemId, quantity: 2 }] });
    expect((await client.delete(`/api/orders/${failed.body.orderId}`)).status).toBe(409);
    const declined = await client.post('/api/orders', { items: [{ itemId, quantity: 1 }] });
    await waitForStatus(client, declined.body.orderId, ['PAYMENT_FAILED']);
    const res = await client.delete(`/api/orders/${declined.body.orderId}`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('order.not_cancellable');
  });
});

describe('Idempotency-Key across a lost response (fault injection on)', () => {
  let faulty: RunningServer;
  beforeAll(async () => {
    faulty = await startInProcess({ paymentDelayMs: 20, faults: 'rate=0' });
  });
  afterAll(() => faulty.close());

  it('a retry after a 503 that hid a placed order gets that order, not a second one', async () => {
    const faultyAdmin = api(faulty.url, await loginAs(faulty.url, 'admin'));
    const itemId = await createStockedItem(faultyAdmin, 5);
    const { token } = await registerCustomer(faulty.url);
    const client = api(faulty.url, token);
    const body = { items: [{ itemId, quantity: 1 }] };
    const key = randomUUID();
    // The order is placed and committed, then the response is swapped for a 503.
    const lost = await client.post('/api/orders', body, {
      headers: { 'idempotency-key': key, prefer: 'fault=503; phase=after' },
    });
    expect(lost.status).toBe(503);
    const retry = await client.post('/api/orders', body, { headers: { 'idempotency-key': key } });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const orders = await client.get('/api/orders');
    expect(orders.body.totalElements).toBe(1);
    expect(orders.body.content[0].orderId).toBe(retry.body.orderId);
    expect(await readInventory(faulty.url, itemId)).toMatchObject({ availableUnits: 4 });
  });
});

describe('paging far past the end', () => {
  it('answers an empty page for the last page number the spec allows', async () => {
    const { client } = await customer();
    for (const path of ['/api/orders?page=10000000', '/api/payments?page=10000000&size=100']) {
      const res = await client.get(path);
      expect(res.status).toBe(200);
      expect(res.body.content).toEqual([]);
    }
  });

  it('rejects a page number past the spec’s bound with 400, not a 500', async () => {
    const { client } = await customer();
    for (const path of ['/api/orders?page=1e308', '/api/payments?page=1e21&size=32']) {
      const res = await client.get(path);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation.failed');
    }
  });
});
