/**
 * A client's inventory operation that takes the id the server uses for an order's own release
 * must not wedge the payment worker (before: every later order stayed INVENTORY_RESERVED, also
 * across a SIGKILL and restart, while the worker spun on one message), must not leave a refunded
 * payment on a PAID order, and must not turn a cancel into an undocumented status. And giving
 * reserved units back never pushes availableUnits past the contract's maximum.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningServer } from '@shop/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChildServer,
  client,
  killAll,
  login,
  registerCustomer,
  type RegisteredCustomer,
  SEEDED,
  spawnServer,
  startInProcess,
  stockedItem,
} from '@shop/test-kit';
import { pollUntil } from './support/bounded.js';
import { expectProblem } from './support/http.js';

const SETTLE_DEADLINE_MS = 15_000;
const MAX_UNITS = 1_000_000_000;

interface Order {
  orderId: string;
  status: string;
  paymentId: string | null;
}

async function placeOrder(
  url: string,
  customer: RegisteredCustomer,
  itemId: string,
  quantity: number,
) {
  const res = await client(url, customer.token).post('/api/orders', {
    items: [{ itemId, quantity }],
  });
  expect(res.status, res.text).toBe(201);
  return res.body as Order;
}

/** The RELEASE a client sends under the id format `<orderId>:<itemId>:release`. */
async function releaseOneUnderOrderFormatId(
  url: string,
  adminToken: string,
  order: Order,
  itemId: string,
) {
  const res = await client(url, adminToken).post(`/api/inventory/${itemId}/operations`, {
    operationId: `${order.orderId}:${itemId}:release`,
    orderId: order.orderId,
    type: 'RELEASE',
    quantity: 1,
  });
  expect(res.status, res.text).toBe(200);
}

async function settled(url: string, customer: RegisteredCustomer, orderId: string, status: string) {
  const seen = await pollUntil(
    async () => (await client(url, customer.token).get(`/api/orders/${orderId}`)).body as Order,
    (order) => order.status === status,
    { deadlineMs: SETTLE_DEADLINE_MS, intervalMs: 100 },
  );
  expect(seen.value.status).toBe(status);
  return seen.value;
}

const stock = async (url: string, itemId: string) =>
  (await client(url).get(`/api/inventory/${itemId}`)).body as {
    availableUnits: number;
    reservedUnits: number;
  };

describe('a client operation under the server’s own id format, on a file database', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'shop-poison-'));
  const dbPath = join(tmp, 'shop.db');
  const children: ChildServer[] = [];

  afterAll(async () => {
    await killAll(children);
    rmSync(tmp, { recursive: true, force: true });
  });

  const start = async () => {
    const server = await spawnServer(['--db', dbPath], { env: { SHOP_PAYMENT_DELAY_MS: '300' } });
    children.push(server);
    return server;
  };

  it('fails the declined order, pays later ones, stays quiet, and keeps working after SIGKILL', async () => {
    const first = await start();
    const adminToken = await login(first.url, SEEDED.admin.email, SEEDED.admin.password);
    const itemId = await stockedItem(client(first.url, adminToken), 100);
    const declined = await registerCustomer(first.url, { paymentMethod: 'pm_card_declined' });
    const visa = await registerCustomer(first.url);

    const poisoned = await placeOrder(first.url, declined, itemId, 3);
    await releaseOneUnderOrderFormatId(first.url, adminToken, poisoned, itemId);
    const later = await placeOrder(first.url, visa, itemId, 2);

    const failed = await settled(first.url, declined, poisoned.orderId, 'PAYMENT_FAILED');
    await settled(first.url, visa, later.orderId, 'PAID');
    expect(await stock(first.url, itemId)).toMatchObject({ availableUnits: 98, reservedUnits: 2 });
    // A worker spinning on one message wrote megabytes of errors per second here.
    expect(first.output().length).toBeLessThan(20_000);

    first.child.kill('SIGKILL');
    await first.exited;
    const second = await start();
    const visaAgain = { ...visa, token: await login(second.url, visa.email, visa.password) };
    const afterRestart = await placeOrder(second.url, visaAgain, itemId, 1);
    await settled(second.url, visaAgain, afterRestart.orderId, 'PAID');
    const declinedAgain = {
      ...declined,
      token: await login(second.url, declined.email, declined.password),
    };
    expect(
      (await client(second.url, declinedAgain.token).get(`/api/orders/${failed.orderId}`)).body,
    ).toMatchObject({ status: 'PAYMENT_FAILED' });
    expect(await stock(second.url, itemId)).toMatchObject({ availableUnits: 97, reservedUnits: 3 });
    expect(second.output().length).toBeLessThan(20_000);
  });
});

describe('cancel, refund and the stock ceiling (in-process, responses validated)', () => {
  let server: RunningServer;
  let adminToken: string;
  beforeAll(async () => {
    server = await startInProcess({ paymentDelayMs: 50 });
    adminToken = await login(server.url, SEEDED.admin.email, SEEDED.admin.password);
  });
  afterAll(() => server.close());

  it('cancels a reserved order at once (200) after a client took its release id', async () => {
    const itemId = await stockedItem(client(server.url, adminToken), 10);
    // The slow card keeps the order INVENTORY_RESERVED for seconds.
    const owner = await registerCustomer(server.url, { paymentMethod: 'pm_card_slow' });
    const order = await placeOrder(server.url, owner, itemId, 3);
    await releaseOneUnderOrderFormatId(server.url, adminToken, order, itemId);
    const cancelled = await client(server.url, owner.token).delete(`/api/orders/${order.orderId}`);
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    expect(await stock(server.url, itemId)).toMatchObject({ availableUnits: 10, reservedUnits: 0 });
  });

  it('refunds a paid order: payment and order both REFUNDED, every unit back', async () => {
    const itemId = await stockedItem(client(server.url, adminToken), 10);
    const owner = await registerCustomer(server.url);
    const placed = await placeOrder(server.url, owner, itemId, 3);
    const paid = await settled(server.url, owner, placed.orderId, 'PAID');
    await releaseOneUnderOrderFormatId(server.url, adminToken, paid, itemId);
    const refund = await client(server.url, owner.token).post(
      `/api/payments/${paid.paymentId}/refund`,
    );
    expect(refund.status, refund.text).toBe(200);
    expect(refund.body.status).toBe('REFUNDED');
    await settled(server.url, owner, placed.orderId, 'REFUNDED');
    expect(await stock(server.url, itemId)).toMatchObject({ availableUnits: 10, reservedUnits: 0 });
  });

  it('refuses stock above the maximum; a cancel then lands exactly on it', async () => {
    const itemId = await stockedItem(client(server.url, adminToken), 10);
    const owner = await registerCustomer(server.url, { paymentMethod: 'pm_card_slow' });
    const order = await placeOrder(server.url, owner, itemId, 5);
    const admin = client(server.url, adminToken);
    const refused = await admin.put(`/api/inventory/${itemId}`, { availableUnits: MAX_UNITS });
    expectProblem(refused, 409, 'inventory.above_maximum');
    expect(refused.body).toMatchObject({ reservedUnits: 5, maxUnits: MAX_UNITS });
    expect(await stock(server.url, itemId)).toMatchObject({ availableUnits: 5, reservedUnits: 5 });

    const set = await admin.put(`/api/inventory/${itemId}`, { availableUnits: MAX_UNITS - 5 });
    expect(set.status, set.text).toBe(200);
    const cancelled = await client(server.url, owner.token).delete(`/api/orders/${order.orderId}`);
    expect(cancelled.status, cancelled.text).toBe(200);
    const after = await client(server.url).get(`/api/inventory/${itemId}`);
    expect(after.status, after.text).toBe(200);
    expect(after.body).toMatchObject({ availableUnits: MAX_UNITS, reservedUnits: 0 });
  });
});
