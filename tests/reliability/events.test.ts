/**
 * The event system under load and crashes, with real receivers on 127.0.0.1: per-order ordering
 * across 50 concurrent orders, a hanging receiver that delays no one else, and no event lost to
 * a SIGKILL with deliveries pending. Every delivery is verified with svix.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningServer } from '@shop/server';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook } from 'svix';
import { afterAll, describe, expect, it } from 'vitest';
import { pollUntil, runPool } from './support/bounded.js';
import {
  client,
  killAll,
  login,
  registerCustomer,
  SEEDED,
  spawnServer,
  startInProcess,
  stockedItem,
  type ChildServer,
  receiverPool,
  type Receiver,
} from '@shop/test-kit';

const FAST = [0, 100, 200, 400, 800, 1600];
const receivers = receiverPool();
const receiver = receivers.start;
const servers: RunningServer[] = [];
const children: ChildServer[] = [];
const tmp = mkdtempSync(join(tmpdir(), 'shop-events-'));

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await killAll(children);
  await receivers.closeAll();
  rmSync(tmp, { recursive: true, force: true });
});

interface Envelope {
  id: string;
  type: string;
  seq: number;
  data: { object: { orderId: string } };
}

/**
 * Verifies each request (from index `from` on) with svix and standardwebhooks; the envelopes in
 * arrival order.
 */
function verified(hook: Receiver, secret: string, from = 0): Envelope[] {
  const svix = new Webhook(secret);
  const standard = new StandardWebhook(secret);
  return hook.received.slice(from).map((r) => {
    const h = r.headers as Record<string, string>;
    standard.verify(r.body, h);
    return svix.verify(r.body, {
      'svix-id': h['webhook-id']!,
      'svix-timestamp': h['webhook-timestamp']!,
      'svix-signature': h['webhook-signature']!,
    }) as Envelope;
  });
}

describe('events under load', () => {
  it('50 concurrent orders: for each order, created before paid before refunded', async () => {
    const server = await startInProcess({ dev: true, webhookSchedule: FAST, paymentDelayMs: 20 });
    servers.push(server);
    // Every third request fails: retries must not let a later event of the order overtake.
    const hook = await receiver((i, res) => {
      res.statusCode = i % 3 === 0 ? 500 : 200;
      res.end();
    });
    const adminToken = await login(server.url, SEEDED.admin.email, SEEDED.admin.password);
    const customer = await registerCustomer(server.url);
    const api = client(server.url, customer.token);
    const endpoint = await api.post('/api/webhook-endpoints', {
      url: hook.url,
      events: ['order.*'],
    });
    expect(endpoint.status).toBe(201);
    const itemId = await stockedItem(client(server.url, adminToken), 100);
    const orders = await runPool(50, 10, async () => {
      const res = await api.post('/api/orders', { items: [{ itemId, quantity: 1 }] });
      expect(res.status).toBe(201);
      return res.body.orderId as string;
    });
    await runPool(orders.length, 10, async (i) => {
      const paid = await pollUntil(
        () => api.get(`/api/orders/${orders[i]}`),
        (r) => r.body.status === 'PAID',
        { deadlineMs: 30_000, intervalMs: 50 },
      );
      expect(paid.ok).toBe(true);
      expect((await api.post(`/api/payments/${paid.value.body.paymentId}/refund`)).status).toBe(
        200,
      );
    });
    const done = await pollUntil(
      () =>
        new Set(
          verified(hook, endpoint.body.secret)
            .filter((e) => e.type === 'order.refunded')
            .map((e) => e.data.object.orderId),
        ).size,
      (n) => n === orders.length,
      { deadlineMs: 60_000 },
    );
    expect(done.value).toBe(orders.length);
    const rank: Record<string, number> = {
      'order.created': 0,
      'order.paid': 1,
      'order.refunded': 2,
    };
    for (const orderId of orders) {
      const seen = verified(hook, endpoint.body.secret)
        .filter((e) => e.data.object.orderId === orderId)
        .map((e) => rank[e.type]!);
      // Retries repeat an event, never reorder: the ranks never go down.
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      expect(new Set(seen)).toEqual(new Set([0, 1, 2]));
    }
  });

  it('a receiver that hangs 20 s times out (15 s) without delaying another endpoint', async () => {
    const server = await startInProcess({ dev: true, webhookSchedule: FAST, paymentDelayMs: 20 });
    servers.push(server);
    const hanging = await receiver((_i, res) => {
      setTimeout(() => res.end(), 20_000).unref();
    });
    const quick = await receiver();
    const customer = await registerCustomer(server.url);
    const api = client(server.url, customer.token);
    const slow = await api.post('/api/webhook-endpoints', { url: hanging.url, events: ['ping'] });
    const fast = await api.post('/api/webhook-endpoints', { url: quick.url, events: ['ping'] });
    const started = Date.now();
    const hung = await api.post(`/api/webhook-endpoints/${slow.body.endpointId}/test`);
    await hanging.waitFor(1);
    for (let i = 0; i < 5; i++)
      await api.post(`/api/webhook-endpoints/${fast.body.endpointId}/test`);
    await quick.waitFor(5, 5000);
    expect(Date.now() - started).toBeLessThan(10_000);
    const timedOut = await pollUntil(
      () => api.get(`/api/events/${hung.body.id}/deliveries`),
      (r) => r.body.data.length > 0,
      { deadlineMs: 30_000, intervalMs: 250 },
    );
    expect(timedOut.value.body.data[0]).toMatchObject({ statusCode: null, status: 'failed' });
    expect(timedOut.value.body.data[0].error).toMatch(/15000 ms/);
    expect(timedOut.value.body.data[0].durationMs).toBeGreaterThanOrEqual(14_000);
  }, 60_000);

  it('SIGKILL with deliveries pending: after a restart every event arrives at least once', async () => {
    let up = false;
    const hook = await receiver((_i, res) => {
      res.statusCode = up ? 200 : 503;
      res.end();
    });
    const dbPath = join(tmp, 'events.db');
    const args = [
      '--db',
      dbPath,
      '--dev',
      '--webhook-schedule',
      '0,200ms,400ms,800ms,1600ms,3200ms,6400ms',
    ];
    const env = { SHOP_PAYMENT_DELAY_MS: '20' };
    const first = await spawnServer(args, { env });
    children.push(first);
    const adminToken = await login(first.url, SEEDED.admin.email, SEEDED.admin.password);
    const customer = await registerCustomer(first.url);
    const api = client(first.url, customer.token);
    const endpoint = await api.post('/api/webhook-endpoints', { url: hook.url, events: ['*'] });
    const itemId = await stockedItem(client(first.url, adminToken), 50);
    await runPool(10, 5, () => api.post('/api/orders', { items: [{ itemId, quantity: 1 }] }));
    await hook.waitFor(5);
    first.child.kill('SIGKILL');
    await first.exited;

    // From here on the receiver answers 200: only these count as arrived.
    const upFrom = hook.received.length;
    up = true;
    const second = await spawnServer(args, { env });
    children.push(second);
    const api2 = client(second.url, customer.token);
    const logged = await pollUntil(
      () => api2.get('/api/events?limit=100'),
      (r) =>
        r.status === 200 &&
        (r.body.data as Envelope[]).filter((e) => e.type === 'order.paid').length === 10,
      { deadlineMs: 30_000, intervalMs: 200 },
    );
    const ids = new Set((logged.value.body.data as Envelope[]).map((e) => e.id));
    expect(ids.size).toBeGreaterThanOrEqual(40);
    const arrived = await pollUntil(
      () => new Set(verified(hook, endpoint.body.secret, upFrom).map((e) => e.id)),
      (got) => [...ids].every((id) => got.has(id)),
      { deadlineMs: 60_000, intervalMs: 200 },
    );
    expect([...ids].filter((id) => !arrived.value.has(id))).toEqual([]);
    await killAll([second]);
  }, 120_000);
});
