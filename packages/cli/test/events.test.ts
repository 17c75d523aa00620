import type { RunningServer } from '@shop/server';
import {
  client as api,
  registerCustomer,
  startInProcess,
  startWebhookFixture,
  stockedItem,
  type Receiver,
  type WebhookFixture,
} from '@shop/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson, SERVER_TIMER_WAIT, shopFor, tempDir, type RunResult } from './helpers.js';

interface Event {
  id: string;
  type: string;
  seq: number;
  requestId: string | null;
  data: { object: { orderId?: string; paymentId?: string }; previous?: Record<string, unknown> };
}
interface EventPage {
  data: Event[];
  nextCursor: number;
  hasMore: boolean;
}

let fixture: WebhookFixture;
let server: RunningServer;
let itemId: string;
let hook: Receiver;
const dirs: ReturnType<typeof tempDir>[] = [];

const ok = (result: RunResult): RunResult => {
  expect(result.code, result.stderr).toBe(0);
  return result;
};

/** A fresh customer with `shop` logged in through SHOP_TOKEN, and its HTTP client. */
async function customer(url = server.url) {
  const { token } = await registerCustomer(url);
  const dir = tempDir('shop-cli-events-');
  dirs.push(dir);
  const run = shopFor(url, dir.path);
  return {
    shop: (args: readonly string[]) => run(args, { env: { SHOP_TOKEN: token } }),
    http: api(url, token),
  };
}

/** A customer with an endpoint for order events at `hook`, one order placed and paid. */
async function customerWithPaidOrder() {
  const who = await customer();
  ok(await who.shop(['webhooks', 'create', '--url', hook.url, '--events', 'order.*', '--json']));
  const placed = await who.http.post('/api/orders', { items: [{ itemId, quantity: 1 }] });
  const orderId = placed.body.orderId as string;
  await expect
    .poll(async () => (await who.http.get(`/api/orders/${orderId}`)).body.status, SERVER_TIMER_WAIT)
    .toBe('PAID');
  return { ...who, orderId };
}

const page = (result: RunResult): EventPage => parseJson<EventPage>(ok(result).stdout);

beforeAll(async () => {
  // A short schedule lets a failing delivery run out.
  fixture = await startWebhookFixture({ webhookSchedule: [0, 50, 100], paymentDelayMs: 20 });
  server = fixture.server;
  itemId = await stockedItem(fixture.admin, 1000);
  hook = await fixture.receiver();
});

afterAll(async () => {
  await fixture?.close();
  for (const dir of dirs) dir.remove();
});

describe('shop events', () => {
  it('lists one page at a time, oldest first, and prints the next page command', async () => {
    const { shop, orderId } = await customerWithPaidOrder();
    const all = page(await shop(['events', 'list', '--json']));
    expect(all.data.map((e) => e.type)).toEqual([
      'order.created',
      'payment.created',
      'payment.succeeded',
      'order.paid',
    ]);
    expect(all.hasMore).toBe(false);

    const first = await shop(['events', 'list', '--limit', '2']);
    expect(ok(first).stdout).toMatch(/^SEQ +EVENT ID +TYPE +OBJECT +CREATED$/m);
    expect(first.stdout).toContain(`order ${orderId}`);
    const cursor = all.data[1]!.seq;
    expect(first.stderr).toContain(
      `2 events, seq ${all.data[0]!.seq} to ${cursor}. Next: shop events list --limit 2 --after ${cursor}`,
    );
    const second = page(
      await shop(['events', 'list', '--limit', '2', '--after', String(cursor), '--json']),
    );
    expect(second.data.map((e) => e.id)).toEqual(all.data.slice(2).map((e) => e.id));

    const filtered = page(
      await shop([
        'events',
        'list',
        '--type',
        'order.*,payment.failed',
        '--order',
        orderId,
        '--json',
      ]),
    );
    expect(filtered.data.map((e) => e.type)).toEqual(['order.created', 'order.paid']);
    const filteredHuman = ok(await shop(['events', 'list', '--type', 'payment.failed']));
    expect(filteredHuman.stdout).toBe('');
    expect(filteredHuman.stderr).toContain('No events.');
  });

  it('get shows the type, seq, request id, object and what changed', async () => {
    const { shop, orderId } = await customerWithPaidOrder();
    const events = page(await shop(['events', 'list', '--type', 'order.*', '--json'])).data;
    const created = events.find((e) => e.type === 'order.created')!;
    const paid = events.find((e) => e.type === 'order.paid')!;

    const human = ok(await shop(['events', 'get', paid.id]));
    expect(human.stdout).toMatch(new RegExp(`^Event: +${paid.id}$`, 'm'));
    expect(human.stdout).toMatch(/^Type: +order\.paid$/m);
    expect(human.stdout).toMatch(new RegExp(`^Seq: +${paid.seq}$`, 'm'));
    expect(human.stdout).toMatch(/^Request id: +- \(payment worker\)$/m);
    expect(human.stdout).toMatch(new RegExp(`^Order: +${orderId} PAID \\(\\$`, 'm'));
    expect(human.stdout).toMatch(/^status: +\w+ → PAID$/m);

    const placed = ok(await shop(['events', 'get', created.id]));
    expect(placed.stdout).toMatch(new RegExp(`^Request id: +${created.requestId}$`, 'm'));

    expect(parseJson(ok(await shop(['events', 'get', paid.id, '--json'])).stdout)).toEqual(paid);
  });

  it('deliveries lists the attempts; resend delivers again with the same webhook-id', async () => {
    const { shop, orderId } = await customerWithPaidOrder();
    const [created] = page(
      await shop(['events', 'list', '--type', 'order.created', '--order', orderId, '--json']),
    ).data;
    const eventId = created!.id;
    const ids = (): string[] =>
      hook.received.map((r) => r.headers['webhook-id'] as string).filter((id) => id === eventId);
    await expect.poll(ids, SERVER_TIMER_WAIT).toHaveLength(1);

    await expect
      .poll(
        async () =>
          parseJson<{ data: unknown[] }>(
            ok(await shop(['events', 'deliveries', eventId, '--json'])).stdout,
          ).data,
        SERVER_TIMER_WAIT,
      )
      .toEqual([
        expect.objectContaining({ eventId, attempt: 1, status: 'succeeded', statusCode: 200 }),
      ]);
    const table = ok(await shop(['events', 'deliveries', eventId]));
    expect(table.stdout).toMatch(
      /^# +ENDPOINT +STATUS +DURATION +ERROR +NEXT ATTEMPT +ATTEMPTED$/m,
    );
    expect(table.stdout).toMatch(/^1 +we_[0-9a-f]{32} +200 succeeded +\d+ ms +-/m);

    const resent = ok(await shop(['events', 'resend', eventId]));
    expect(resent.stdout).toBe('Queued 1 delivery.\n');
    await expect.poll(ids, SERVER_TIMER_WAIT).toHaveLength(2);

    const endpointId = parseJson<{ data: { endpointId: string }[] }>(
      ok(await shop(['webhooks', 'list', '--json'])).stdout,
    ).data[0]!.endpointId;
    const json = ok(await shop(['events', 'resend', eventId, '--endpoint', endpointId, '--json']));
    expect(parseJson(json.stdout)).toEqual({ requeued: 1 });
    await expect.poll(ids, SERVER_TIMER_WAIT).toHaveLength(3);
  });

  it("another customer's event is not found (exit 5) with a hint", async () => {
    const { shop: owner } = await customerWithPaidOrder();
    const [event] = page(await owner(['events', 'list', '--json'])).data;
    const { shop: other } = await customer();
    for (const args of [
      ['events', 'get', event!.id],
      ['events', 'deliveries', event!.id],
      ['events', 'resend', event!.id],
    ]) {
      const result = await other(args);
      expect(result.code, args.join(' ')).toBe(5);
      expect(result.stderr).toContain('Hint: List your events with `shop events list`.');
    }
    const json = await other(['events', 'get', event!.id, '--json']);
    expect(json.stdout).toBe('');
    expect(parseJson(json.stderr)).toMatchObject({ status: 404, code: 'event.not_found' });
  });

  it('bad ids, types and numbers are one-line usage errors', async () => {
    const { shop } = await customer();
    const cases: [string[], string][] = [
      [
        ['events', 'get', 'evt_123'],
        'eventId must be "evt_" and 32 lowercase hexadecimal characters',
      ],
      [['events', 'get', ''], 'eventId must not be empty'],
      [['events', 'deliveries', 'EVT_2B7C9E1F4A6D8C0E3F5A7B9D1C3E5F70'], 'eventId must be'],
      [
        ['events', 'resend', 'evt_2b7c9e1f4a6d8c0e3f5a7b9d1c3e5f70', '--endpoint', 'we_x'],
        'endpointId must be',
      ],
      [['events', 'list', '--type', 'order.shipped'], '"order.shipped" is not one'],
      [['events', 'list', '--type', ','], 'got none'],
      // listen reads event types and durations as the other commands do.
      [['listen', '--events', 'order.*,order.shipped'], '"order.shipped" is not one'],
      [['listen', '--forward-timeout', '50ms'], 'forward-timeout must be a duration from 100 ms'],
      [['listen', '--since', '90'], 'since must be a duration from 1 second'],
      [
        ['listen', '--forward-to', 'ftp://localhost/h'],
        'forward-to must be an absolute http(s) URL',
      ],
      [['events', 'list', '--order', 'not-a-uuid'], 'orderId must be a UUID'],
      [['events', 'list', '--after', '-1'], 'after must be a whole number'],
      [['events', 'list', '--limit', '101'], 'limit must be a whole number from 1 to 100'],
    ];
    for (const [args, message] of cases) {
      const result = await shop(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain(message);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it('a cursor older than retention is events.cursor_expired, with the hint to drop --after', async () => {
    let offsetMs = 0;
    const aging = await startInProcess({ dev: true, now: () => new Date(Date.now() + offsetMs) });
    try {
      const { shop } = await customer(aging.url);
      const { endpointId } = parseJson<{ endpointId: string }>(
        ok(await shop(['webhooks', 'create', '--url', hook.url, '--events', 'ping', '--json']))
          .stdout,
      );
      ok(await shop(['webhooks', 'test', endpointId, '--wait', '0s', '--json']));
      const [ping] = page(await shop(['events', 'list', '--json'])).data;
      offsetMs = 31 * 86_400_000;
      // The first login has expired a month later too: a fresh one reads with the old cursor.
      const { shop: later } = await customer(aging.url);
      let result: RunResult | undefined;
      // Retention prunes in the background: wait for it to pass the cursor.
      await expect
        .poll(
          async () =>
            (result = await later(['events', 'list', '--after', String(ping!.seq - 1)])).code,
          SERVER_TIMER_WAIT,
        )
        .toBe(1);
      expect(result!.stderr).toContain('no longer kept');
      expect(result!.stderr).toContain('Hint: Events are kept 30 days');
    } finally {
      await aging.close();
    }
  });
});
