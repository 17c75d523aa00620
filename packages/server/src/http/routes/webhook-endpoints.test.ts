import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  client as api,
  registerCustomer,
  send,
  startInProcess,
  startWebhookFixture,
  type Client as Api,
  type RunningServer,
  stockedItem,
  type Receiver,
  type WebhookFixture,
} from '@shop/test-kit';
import { FAST_SCHEDULE_MS } from '../../domain/webhooks/schedule.js';

let fixture: WebhookFixture;
let server: RunningServer;
let admin: Api;
let customer: Api;

beforeEach(async () => {
  fixture = await startWebhookFixture({ webhookSchedule: FAST_SCHEDULE_MS, paymentDelayMs: 20 });
  ({ server, admin, customer } = fixture);
});

afterEach(() => fixture.close());

/** Registers an endpoint for `ping` at the receiver and sends it a ping. */
async function pingEndpoint(hook: Receiver) {
  const endpoint = await customer.post('/api/webhook-endpoints', {
    url: hook.url,
    events: ['ping'],
  });
  const ping = await customer.post(`/api/webhook-endpoints/${endpoint.body.endpointId}/test`);
  expect(ping.status).toBe(202);
  return { endpoint, ping };
}

const order = async (client: Api, itemId: string, quantity = 1) =>
  client.post('/api/orders', { items: [{ itemId, quantity }] });

describe('webhook endpoints and deliveries', () => {
  it('delivers signed events that standardwebhooks and svix both verify', async () => {
    const hook = await fixture.receiver();
    const created = await customer.post('/api/webhook-endpoints', {
      url: hook.url,
      events: ['order.*'],
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const itemId = await stockedItem(admin, 5);
    const placed = await order(customer, itemId);
    const [first] = await hook.waitFor(1);
    const headers = first!.headers as Record<string, string>;
    expect(headers['shop-event-type']).toBe('order.created');
    expect(headers['user-agent']).toMatch(/^shop-webhooks\/\d+\.\d+\.\d+/);
    expect(headers['content-type']).toBe('application/json');
    const viaStandard = new StandardWebhook(created.body.secret).verify(first!.body, headers);
    const viaSvix = new SvixWebhook(created.body.secret).verify(first!.body, {
      'svix-id': headers['webhook-id']!,
      'svix-timestamp': headers['webhook-timestamp']!,
      'svix-signature': headers['webhook-signature']!,
    });
    expect(viaStandard).toEqual(viaSvix);
    expect(viaStandard).toMatchObject({
      id: headers['webhook-id'],
      type: 'order.created',
      requestId: placed.headers.get('x-request-id'),
      data: { object: placed.body },
    });
    // A tampered body fails verification.
    expect(() =>
      new StandardWebhook(created.body.secret).verify(first!.body + ' ', headers),
    ).toThrow();
  });

  it('retries 500, 500, 200 as three attempts with one webhook-id, listed as deliveries', async () => {
    const hook = await fixture.receiver((i, res) => {
      res.statusCode = i < 2 ? 500 : 200;
      res.end(i < 2 ? 'boom' : 'ok');
    });
    const { ping } = await pingEndpoint(hook);
    expect(ping.status).toBe(202);
    const got = await hook.waitFor(3);
    expect(new Set(got.map((r) => r.headers['webhook-id']))).toEqual(new Set([ping.body.id]));
    let deliveries;
    for (let i = 0; i < 100; i++) {
      deliveries = await customer.get(`/api/events/${ping.body.id}/deliveries`);
      if (deliveries.body.data.length === 3) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(deliveries!.body.data.map((d: { statusCode: number }) => d.statusCode)).toEqual([
      500, 500, 200,
    ]);
    expect(deliveries!.body.data[0]).toMatchObject({
      attempt: 1,
      status: 'failed',
      responseBody: 'boom',
    });
    expect(deliveries!.body.data[2]).toMatchObject({
      attempt: 3,
      status: 'succeeded',
      nextAttemptAt: null,
    });
  });

  it('disables an endpoint that answers 410 and writes webhook_endpoint.disabled', async () => {
    const hook = await fixture.receiver((_i, res) => {
      res.statusCode = 410;
      res.end();
    });
    const { endpoint } = await pingEndpoint(hook);
    await hook.waitFor(1);
    let state;
    for (let i = 0; i < 100; i++) {
      state = await customer.get(`/api/webhook-endpoints/${endpoint.body.endpointId}`);
      if (state.body.status === 'disabled') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(state!.body).toMatchObject({ status: 'disabled', disabledReason: 'gone' });
    const events = await customer.get('/api/events?types=webhook_endpoint.disabled');
    expect(events.body.data).toHaveLength(1);
    expect(events.body.data[0].data.object.endpointId).toBe(endpoint.body.endpointId);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hook.received).toHaveLength(1);
  });

  it('honours Retry-After on 429 instead of the schedule', async () => {
    const hook = await fixture.receiver((i, res) => {
      if (i === 0) {
        res.statusCode = 429;
        res.setHeader('retry-after', '1');
      }
      res.end();
    });
    await pingEndpoint(hook);
    const [first, second] = await hook.waitFor(2, 5000);
    // The fast schedule's next delay is 100 ms ±20 %; Retry-After asked for a second.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it('stops retrying on webhook-delivery: abort-message', async () => {
    const hook = await fixture.receiver((_i, res) => {
      res.statusCode = 500;
      res.setHeader('webhook-delivery', 'abort-message');
      res.end();
    });
    await pingEndpoint(hook);
    await hook.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(hook.received).toHaveLength(1);
  });

  it("delivers one order's events in order: created before paid before refunded", async () => {
    const hook = await fixture.receiver((i, res) => {
      // The first delivery fails once: the order's later events must wait behind its retry.
      res.statusCode = i === 0 ? 500 : 200;
      res.end();
    });
    await customer.post('/api/webhook-endpoints', { url: hook.url, events: ['order.*'] });
    const itemId = await stockedItem(admin, 5);
    const placed = await order(customer, itemId);
    for (let i = 0; i < 200; i++) {
      const got = await customer.get(`/api/orders/${placed.body.orderId}`);
      if (got.body.status === 'PAID') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const payment = (await customer.get(`/api/orders/${placed.body.orderId}`)).body.paymentId;
    await customer.post(`/api/payments/${payment}/refund`);
    const got = await hook.waitFor(4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const types = hook.received.map((r) => r.headers['shop-event-type']);
    expect(types).toEqual(['order.created', 'order.created', 'order.paid', 'order.refunded']);
    expect(got.length).toBe(4);
  });

  it('refuses loopback and private URLs outside --dev, and other schemes always', async () => {
    const strict = await startInProcess({});
    try {
      const client = api(strict.url, (await registerCustomer(strict.url)).token);
      for (const url of [
        'http://127.0.0.1:9/x',
        'http://localhost:9/x',
        'http://10.1.2.3/x',
        'http://[::1]/x',
        'http://169.254.169.254/latest',
      ]) {
        const res = await client.post('/api/webhook-endpoints', { url, events: ['*'] });
        expect([url, res.status, res.body.code]).toEqual([
          url,
          422,
          'webhook_endpoint.url_refused',
        ]);
      }
    } finally {
      await strict.close();
    }
    const ftp = await customer.post('/api/webhook-endpoints', {
      url: 'ftp://example.com/x',
      events: ['*'],
    });
    expect(ftp.status).toBe(400);
  });

  it('keeps endpoints, events and deliveries to their owner; at most 16 endpoints', async () => {
    const hook = await fixture.receiver();
    const mine = await customer.post('/api/webhook-endpoints', { url: hook.url, events: ['*'] });
    const ping = await customer.post(`/api/webhook-endpoints/${mine.body.endpointId}/test`);
    const other = api(server.url, (await registerCustomer(server.url)).token);
    expect((await other.get(`/api/webhook-endpoints/${mine.body.endpointId}`)).body.code).toBe(
      'webhook_endpoint.not_found',
    );
    expect((await other.get(`/api/events/${ping.body.id}`)).body.code).toBe('event.not_found');
    expect((await other.get(`/api/events/${ping.body.id}/deliveries`)).status).toBe(404);
    expect((await other.post(`/api/events/${ping.body.id}/resend`, {})).status).toBe(404);
    expect((await other.get('/api/events')).body.data).toEqual([]);
    expect(
      (
        await customer.post('/api/webhook-endpoints', {
          url: hook.url,
          events: ['*'],
          scope: 'all',
        })
      ).status,
    ).toBe(403);
    for (let i = 1; i < 16; i++)
      expect(
        (await customer.post('/api/webhook-endpoints', { url: hook.url, events: ['ping'] })).status,
      ).toBe(201);
    const over = await customer.post('/api/webhook-endpoints', { url: hook.url, events: ['ping'] });
    expect([over.status, over.body.code]).toEqual([409, 'webhook_endpoint.limit_reached']);
  });

  it('injects delivery faults: a bad signature the receiver must reject', async () => {
    const faulty = await startInProcess({
      dev: true,
      faults: 'target=deliveries,rate=1,delivery=bad-signature',
    });
    try {
      const hook = await fixture.receiver();
      const client = api(faulty.url, (await registerCustomer(faulty.url)).token);
      const endpoint = await client.post('/api/webhook-endpoints', {
        url: hook.url,
        events: ['ping'],
      });
      await client.post(`/api/webhook-endpoints/${endpoint.body.endpointId}/test`);
      const [got] = await hook.waitFor(1);
      expect(() =>
        new StandardWebhook(endpoint.body.secret).verify(
          got!.body,
          got!.headers as Record<string, string>,
        ),
      ).toThrow('No matching signature found');
    } finally {
      await faulty.close();
    }
  });

  it('rotates the secret: during the overlap both signatures verify', async () => {
    const hook = await fixture.receiver();
    const created = await customer.post('/api/webhook-endpoints', {
      url: hook.url,
      events: ['ping'],
    });
    const rotated = await customer.post(
      `/api/webhook-endpoints/${created.body.endpointId}/rotate-secret`,
      { expireOldAfterSeconds: 60 },
    );
    expect(rotated.body.secret).not.toBe(created.body.secret);
    await customer.post(`/api/webhook-endpoints/${created.body.endpointId}/test`);
    const [got] = await hook.waitFor(1);
    const headers = got!.headers as Record<string, string>;
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    for (const secret of [created.body.secret, rotated.body.secret])
      expect(() => new StandardWebhook(secret).verify(got!.body, headers)).not.toThrow();
  });
});

describe('webhook endpoint input a typo would send', () => {
  it('refuses a recover window that cannot hold an event: impossible dates, until not after since, a future since', async () => {
    const hook = await fixture.receiver();
    const { body: endpoint } = await customer.post('/api/webhook-endpoints', {
      url: hook.url,
      events: ['*'],
    });
    const recover = (window: Record<string, string>) =>
      customer.post(`/api/webhook-endpoints/${endpoint.endpointId}/recover`, window);
    const refused = async (window: Record<string, string>) => {
      const res = await recover(window);
      return [res.status, res.body.code, res.body.errors?.map((e: { path: string }) => e.path)];
    };
    const hour = 3600_000;
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();
    expect(await refused({ since: '2026-13-07T00:00:00Z' })).toEqual([
      400,
      'validation.failed',
      ['/body/since'],
    ]);
    expect(await refused({ since: '2026-02-30T00:00:00Z' })).toEqual([
      400,
      'validation.failed',
      ['/body/since'],
    ]);
    expect(await refused({ since: at(-hour), until: at(-2 * hour) })).toEqual([
      400,
      'validation.failed',
      ['/body/until'],
    ]);
    const same = at(-hour);
    expect(await refused({ since: same, until: same })).toEqual([
      400,
      'validation.failed',
      ['/body/until'],
    ]);
    expect(await refused({ since: at(hour) })).toEqual([400, 'validation.failed', ['/body/since']]);
    const fine = await recover({ since: at(-hour), until: at(hour) });
    expect([fine.status, fine.body]).toEqual([202, { requeued: 0 }]);
  });
});

describe('webhook endpoint event patterns', () => {
  it('refuses patterns that name no event type on create and update, so an endpoint cannot wait for nothing', async () => {
    const hook = await fixture.receiver();
    const create = (events: string[]) =>
      customer.post('/api/webhook-endpoints', { url: hook.url, events });
    for (const [events, pointer] of [
      [['order.craeted'], '/body/events/0'],
      [['order.*', 'orders.*'], '/body/events/1'],
      [['payment'], '/body/events/0'],
      [['order.cre*'], '/body/events/0'],
      [['ping.*'], '/body/events/0'],
    ] as const) {
      const res = await create([...events]);
      expect([events, res.status, res.body.code, res.body.errors]).toEqual([
        events,
        400,
        'validation.failed',
        [{ path: pointer, message: expect.stringContaining('is not an event type') }],
      ]);
    }
    const created = await create(['webhook_endpoint.*', 'ping', 'payment.failed']);
    expect(created.status).toBe(201);
    const patched = await send(
      server.url,
      'PATCH',
      `/api/webhook-endpoints/${created.body.endpointId}`,
      { token: fixture.account.token, json: { events: ['order.paid', 'order.payed'] } },
    );
    expect([patched.status, patched.body.errors?.[0]?.path]).toEqual([400, '/body/events/1']);
    const kept = await customer.get(`/api/webhook-endpoints/${created.body.endpointId}`);
    expect(kept.body.events).toEqual(['webhook_endpoint.*', 'ping', 'payment.failed']);
  });
});

describe('resending to every matching endpoint', () => {
  it("an admin's resend of a customer's event reaches the admin's scope-all endpoints, not its own-scope ones", async () => {
    const hook = await fixture.receiver();
    const own = await admin.post('/api/webhook-endpoints', { url: hook.url, events: ['*'] });
    expect(own.status).toBe(201);
    const { body: mine } = await customer.post('/api/webhook-endpoints', {
      url: hook.url,
      events: ['ping'],
    });
    const { body: ping } = await customer.post(`/api/webhook-endpoints/${mine.endpointId}/test`);
    // The admin's endpoint of scope "own" was never sent the customer's event; a resend to
    // "every matching endpoint" does not send it there either.
    const none = await admin.post(`/api/events/${ping.id}/resend`, {});
    expect([none.status, none.body]).toEqual([202, { requeued: 0 }]);
    const all = await admin.post('/api/webhook-endpoints', {
      url: hook.url,
      events: ['*'],
      scope: 'all',
    });
    expect(all.status).toBe(201);
    const one = await admin.post(`/api/events/${ping.id}/resend`, {});
    expect([one.status, one.body]).toEqual([202, { requeued: 1 }]);
  });
});
