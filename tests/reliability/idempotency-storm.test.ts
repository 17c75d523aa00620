/**
 * 64 concurrent createOrder calls with one Idempotency-Key: exactly one order is placed and one
 * reservation made, and every 201 carries that order's id.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@shop/server';
import {
  client,
  login,
  registerCustomer,
  type Reply,
  SEEDED,
  startInProcess,
  stockedItem,
} from '@shop/test-kit';
import { expectProblem } from './support/http.js';

const STORM = 64;
const QUANTITY = 3;

let server: RunningServer;
beforeAll(async () => {
  server = await startInProcess();
});
afterAll(() => server?.close());

describe('idempotency storm', () => {
  it(`${STORM} concurrent orders with one key place one order and reserve once`, async () => {
    const adminToken = await login(server.url, SEEDED.admin.email, SEEDED.admin.password);
    const itemId = await stockedItem(client(server.url, adminToken), 1000);
    const customer = await registerCustomer(server.url);
    const api = client(server.url, customer.token);
    const before = await api.get(`/api/inventory/${itemId}?view=full`);
    expect(before.status).toBe(200);

    const key = randomUUID();
    const body = { items: [{ itemId, quantity: QUANTITY }] };
    const replies = await Promise.all(
      Array.from({ length: STORM }, () =>
        api.post('/api/orders', body, { headers: { 'idempotency-key': key } }),
      ),
    );

    const created = replies.filter((r) => r.status === 201);
    const others = replies.filter((r) => r.status !== 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    const orderIds = new Set(created.map((r) => r.body.orderId as string));
    expect([...orderIds]).toHaveLength(1);
    // Losers of the race may only be told the first call is still running.
    for (const reply of others) expectProblem(reply, 409, 'idempotency.in_flight');
    const replayed = created.filter((r) => r.headers.get('idempotent-replayed') === 'true');
    expect(replayed.length).toBe(created.length - 1);

    const after = await api.get(`/api/inventory/${itemId}?view=full`);
    expect(after.body.reservedUnits - before.body.reservedUnits).toBe(QUANTITY);
    expect(before.body.availableUnits - after.body.availableUnits).toBe(QUANTITY);

    const orders = await api.get('/api/orders?size=100');
    expect(orders.body.totalElements).toBe(1);
    expect(orders.body.content[0].orderId).toBe([...orderIds][0]);

    // Once the storm is over the key replays the same order.
    const again: Reply = await api.post('/api/orders', body, {
      headers: { 'idempotency-key': key },
    });
    expect(again.status).toBe(201);
    expect(again.body.orderId).toBe([...orderIds][0]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });
});
