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

let server: RunningServer;
let admin: Api;

beforeAll(async () => {
  server = await startInProcess({ paymentDelayMs: 20 });
  admin = api(server.url, await loginAs(server.url, 'admin'));
});
afterAll(() => server.close());

const stockedItem = (units: number) =>
  createStockedItem(admin, units, { unitPrice: 7.25, itemName: 'Gadget' });
const inventoryOf = (itemId: string) => readInventory(server.url, itemId);
const until = pollUntil;

/** A customer with one order whose payment has reached `paymentStatus`. */
async function orderWithPayment(
  paymentMethod: string,
  paymentStatus: string,
  units = 5,
  quantity = 2,
) {
  const itemId = await stockedItem(units);
  const { token, account } = await registerCustomer(server.url, { paymentMethod });
  const client = api(server.url, token);
  const placed = await client.post('/api/orders', { items: [{ itemId, quantity }] });
  expect(placed.status).toBe(201);
  const order = await until(
    client,
    `/api/orders/${placed.body.orderId}`,
    (o) => o.paymentId !== null,
  );
  const payment = await until(
    client,
    `/api/payments/${order.body.paymentId}`,
    (p) => p.status === paymentStatus,
  );
  return {
    client,
    itemId,
    accountId: account.accountId,
    orderId: placed.body.orderId as string,
    payment: payment.body,
  };
}

describe('GET /api/payments/{paymentId} and GET /api/payments', () => {
  it('shows the caller’s payment, PENDING first for a slow card', async () => {
    const { client, orderId, payment } = await orderWithPayment('pm_card_slow', 'PENDING');
    expect(payment).toMatchObject({
      orderId,
      amount: 14.5,
      status: 'PENDING',
      paymentMethod: 'pm_card_slow',
      refundedAt: null,
    });
    const list = await client.get(`/api/payments?orderId=${orderId}`);
    expect(list.body).toMatchObject({
      totalElements: 1,
      totalPages: 1,
      first: true,
      last: true,
      number: 0,
      size: 20,
    });
    expect(list.body.content[0].paymentId).toBe(payment.paymentId);
  });

  it('lists only the caller’s payments, newest first, paged, filtered by order', async () => {
    const itemId = await stockedItem(10);
    const { token } = await registerCustomer(server.url);
    const client = api(server.url, token);
    const orderIds: string[] = [];
    for (let i = 0; i < 3; i++)
      orderIds.push(
        (await client.post('/api/orders', { items: [{ itemId, quantity: 1 }] })).body.orderId,
      );
    await until(client, '/api/payments', (page) => page.totalElements === 3);
    const page0 = await client.get('/api/payments?size=2');
    expect(page0.body).toMatchObject({
      totalElements: 3,
      totalPages: 2,
      first: true,
      last: false,
      size: 2,
    });
    const page1 = await client.get('/api/payments?size=2&page=1');
    expect(page1.body).toMatchObject({ first: false, last: true });
    const all = [...page0.body.content, ...page1.body.content] as { orderId: string }[];
    expect(new Set(all.map((p) => p.orderId))).toEqual(new Set(orderIds));
    const one = await client.get(`/api/payments?orderId=${orderIds[1]}`);
    expect(one.body.content.map((p: { orderId: string }) => p.orderId)).toEqual([orderIds[1]]);
    const stranger = api(server.url, (await registerCustomer(server.url)).token);
    expect((await stranger.get('/api/payments')).body.totalElements).toBe(0);
    expect((await stranger.get(`/api/payments?orderId=${orderIds[0]}`)).body.content).toEqual([]);
  });

  it('404 payment.not_found for another account’s payment and a missing one', async () => {
    const { payment } = await orderWithPayment('pm_card_visa', 'SUCCESS');
    const stranger = api(server.url, (await registerCustomer(server.url)).token);
    const theirs = await stranger.get(`/api/payments/${payment.paymentId}`);
    const missing = await stranger.get(`/api/payments/${randomUUID()}`);
    expect([theirs.status, missing.status]).toEqual([404, 404]);
    expect(theirs.body.code).toBe('payment.not_found');
    expect((await stranger.post(`/api/payments/${payment.paymentId}/refund`)).status).toBe(404);
    expect((await api(server.url).get(`/api/payments/${payment.paymentId}`)).status).toBe(401);
  });
});

describe('POST /api/payments/{paymentId}/refund', () => {
  it('refunds at once (amount kept, refundedAt set); the order becomes REFUNDED with stock restored', async () => {
    const { client, orderId, itemId, payment } = await orderWithPayment('pm_card_visa', 'SUCCESS');
    await until(client, `/api/orders/${orderId}`, (o) => o.status === 'PAID');
    expect(await inventoryOf(itemId)).toMatchObject({ availableUnits: 3, reservedUnits: 2 });
    const refunded = await client.post(`/api/payments/${payment.paymentId}/refund`);
    expect(refunded.status).toBe(200);
    expect(refunded.body).toMatchObject({
      paymentId: payment.paymentId,
      status: 'REFUNDED',
      amount: 14.5,
    });
    expect(refunded.body.refundedAt).toEqual(expect.any(String));
    const order = await until(client, `/api/orders/${orderId}`, (o) => o.status === 'REFUNDED');
    expect(order.body.paymentId).toBe(payment.paymentId);
    expect(await inventoryOf(itemId)).toMatchObject({ availableUnits: 5, reservedUnits: 0 });

    const twice = await client.post(`/api/payments/${payment.paymentId}/refund`);
    expect(twice.status).toBe(200);
    expect(twice.body).toEqual(refunded.body);
    expect(await inventoryOf(itemId)).toMatchObject({ availableUnits: 5, reservedUnits: 0 });
  });

  it('409 payment.not_refundable for PENDING and FAILED payments', async () => {
    const pending = await orderWithPayment('pm_card_slow', 'PENDING');
    const res = await pending.client.post(`/api/payments/${pending.payment.paymentId}/refund`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('payment.not_refundable');
    const failed = await orderWithPayment('pm_card_declined', 'FAILED');
    const res2 = await failed.client.post(`/api/payments/${failed.payment.paymentId}/refund`);
    expect(res2.status).toBe(409);
    expect(res2.body.code).toBe('payment.not_refundable');
  });

  it('honours Idempotency-Key: replay with the header, 422 when the key names another payment', async () => {
    const first = await orderWithPayment('pm_card_visa', 'SUCCESS');
    const headers = { 'idempotency-key': randomUUID() };
    const refunded = await first.client.post(
      `/api/payments/${first.payment.paymentId}/refund`,
      undefined,
      { headers },
    );
    expect(refunded.status).toBe(200);
    expect(refunded.headers.get('idempotent-replayed')).toBeNull();
    const replay = await first.client.post(
      `/api/payments/${first.payment.paymentId}/refund`,
      undefined,
      { headers },
    );
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(refunded.body);

    // Same account, same key, another payment: a different request.
    const itemId = await stockedItem(2);
    const other = await first.client.post('/api/orders', { items: [{ itemId, quantity: 1 }] });
    const order = await until(
      first.client,
      `/api/orders/${other.body.orderId}`,
      (o) => o.status === 'PAID',
    );
    const reused = await first.client.post(
      `/api/payments/${order.body.paymentId}/refund`,
      undefined,
      { headers },
    );
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency.key_reused');
  });
});
