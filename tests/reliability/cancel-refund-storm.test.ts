/**
 * Concurrent cancels and refunds of one order: whatever the interleaving, stock goes back
 * exactly once and the order ends in one final state.
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
import { pollUntil } from './support/bounded.js';
import { expectProblem } from './support/http.js';

const STORM = 32;
const STOCK = 100;
const QUANTITY = 4;
const DEADLINE_MS = 20_000;

let server: RunningServer;
beforeAll(async () => {
  server = await startInProcess({ paymentDelayMs: 50 });
});
afterAll(() => server?.close());

async function placeOrder(paymentMethod: string) {
  const adminToken = await login(server.url, SEEDED.admin.email, SEEDED.admin.password);
  const itemId = await stockedItem(client(server.url, adminToken), STOCK);
  const customer = await registerCustomer(server.url, { paymentMethod });
  const api = client(server.url, customer.token);
  const created = await api.post(
    '/api/orders',
    { items: [{ itemId, quantity: QUANTITY }] },
    { headers: { 'idempotency-key': randomUUID() } },
  );
  expect(created.status, created.text).toBe(201);
  return { api, itemId, orderId: created.body.orderId as string };
}

const inventoryOf = async (itemId: string) =>
  (await client(server.url).get(`/api/inventory/${itemId}?view=full`)).body as {
    availableUnits: number;
    reservedUnits: number;
  };

describe('cancel and refund storms', () => {
  it(`${STORM} concurrent cancels of a reserved order release its stock once`, async () => {
    // The slow card keeps the payment PENDING (≥ 3 s), so the order is still INVENTORY_RESERVED.
    const { api, itemId, orderId } = await placeOrder('pm_card_slow');
    const replies = await Promise.all(
      Array.from({ length: STORM }, () => api.delete(`/api/orders/${orderId}`)),
    );
    const cancelled = replies.filter((r) => r.status === 200);
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]!.body.status).toBe('CANCELLED');
    for (const r of replies.filter((r) => r.status !== 200)) {
      expectProblem(r, 409, 'order.not_cancellable');
    }
    // The voided payment settles later; nothing may move the stock again.
    const settled = await pollUntil(
      () => api.get(`/api/payments?orderId=${orderId}`),
      (r) => r.body?.content?.every((p: { status: string }) => p.status !== 'PENDING'),
      { deadlineMs: DEADLINE_MS, intervalMs: 200 },
    );
    expect(settled.ok, settled.value.text).toBe(true);
    expect((await api.get(`/api/orders/${orderId}`)).body.status).toBe('CANCELLED');
    expect(await inventoryOf(itemId)).toMatchObject({ availableUnits: STOCK, reservedUnits: 0 });
  });

  it(`${STORM} concurrent refunds and cancels of a paid order restore its stock once`, async () => {
    const { api, itemId, orderId } = await placeOrder('pm_card_visa');
    const paid = await pollUntil(
      () => api.get(`/api/orders/${orderId}`),
      (r) => r.body?.status === 'PAID',
      { deadlineMs: DEADLINE_MS, intervalMs: 100 },
    );
    expect(paid.ok, paid.value.text).toBe(true);
    const paymentId = paid.value.body.paymentId as string;

    const replies: Reply[] = await Promise.all(
      Array.from({ length: STORM }, (_, i) =>
        i % 2 === 0
          ? api.post(`/api/payments/${paymentId}/refund`)
          : api.delete(`/api/orders/${orderId}`),
      ),
    );
    for (const [i, r] of replies.entries()) {
      if (i % 2 === 0) {
        expect(r.status, r.text).toBe(200);
        expect(r.body.status).toBe('REFUNDED');
      } else if (r.status !== 202) {
        // Once the refund result has arrived the order is REFUNDED: no longer cancellable.
        expectProblem(r, 409, 'order.not_cancellable');
      }
    }
    const refunded = await pollUntil(
      () => api.get(`/api/orders/${orderId}`),
      (r) => r.body?.status === 'REFUNDED',
      { deadlineMs: DEADLINE_MS, intervalMs: 100 },
    );
    expect(refunded.ok, refunded.value.text).toBe(true);
    // Let any straggling CANCEL_PAYMENT messages drain (bounded), then stock must be whole once.
    const drained = await pollUntil(
      () => server.db.prepare("SELECT COUNT(*) FROM outbox WHERE state = 'PENDING'").pluck().get(),
      (pending) => pending === 0,
      { deadlineMs: DEADLINE_MS, intervalMs: 100 },
    );
    expect(drained.ok).toBe(true);
    expect(await inventoryOf(itemId)).toMatchObject({ availableUnits: STOCK, reservedUnits: 0 });
    const payment = await api.get(`/api/payments/${paymentId}`);
    expect(payment.body).toMatchObject({ status: 'REFUNDED' });
  });
});
