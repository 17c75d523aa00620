import type { RunningServer } from '@shop/server';
import { registerCustomer, startInProcess } from '@shop/test-kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ADMIN,
  CUSTOMER,
  parseJson,
  SERVER_TIMER_WAIT,
  shopBinFor,
  shopFor,
  startProxy,
  tempDir,
  type RunResult,
} from './helpers.js';

interface CausedEvent {
  type: string;
  seq: number;
  data: { object: { orderId: string; status: string; items?: { quantity: number }[] } };
}

let server: RunningServer;
const dirs: ReturnType<typeof tempDir>[] = [];
/** The built binary, logged in as the seeded customer. */
let shop: ReturnType<typeof shopBinFor>;
/** In-process, logged in as the admin (to take an item out of stock). */
let admin: ReturnType<typeof shopFor>;

const ok = (result: RunResult): RunResult => {
  expect(result.code, result.stderr).toBe(0);
  return result;
};

const ndjson = (stdout: string): CausedEvent[] =>
  stdout
    .trim()
    .split('\n')
    .map((line) => parseJson<CausedEvent>(line));

beforeAll(async () => {
  server = await startInProcess();
  const customerDir = tempDir('shop-cli-trigger-');
  const adminDir = tempDir('shop-cli-trigger-');
  dirs.push(customerDir, adminDir);
  shop = shopBinFor(server.url, customerDir.path);
  admin = shopFor(server.url, adminDir.path);
  ok(
    await shop(['login', '--email', CUSTOMER.email, '--password-stdin'], {
      input: CUSTOMER.password,
    }),
  );
  ok(await admin(['login', '--email', ADMIN.email, '--password-stdin'], { input: ADMIN.password }));
});

afterAll(async () => {
  await server?.close();
  for (const dir of dirs) dir.remove();
});

describe('shop trigger (the built binary against a real server)', () => {
  it('order.paid --json prints the caused events as NDJSON, order.created through order.paid', async () => {
    const result = ok(await shop(['trigger', 'order.paid', '--json']));
    expect(result.stderr).toBe('');
    const events = ndjson(result.stdout);
    const types = events.map((event) => event.type);
    expect(types).toContain('order.created');
    expect(types.at(-1)).toBe('order.paid');
    expect(types.indexOf('order.created')).toBeLessThan(types.indexOf('order.paid'));
    // Only the order the run placed, in seq order.
    expect(new Set(events.map((event) => event.data.object.orderId)).size).toBe(1);
    expect(events.map((event) => event.seq)).toEqual(
      [...events.map((e) => e.seq)].sort((a, b) => a - b),
    );
  });

  it('acts for an account with no event kept, on a server that has pruned its log', async () => {
    // Events are kept 10 minutes by this server's clock, which the test moves on.
    let skewMs = 0;
    const pruning = await startInProcess({
      eventRetentionMs: 10 * 60_000,
      now: () => new Date(Date.now() + skewMs),
    });
    const dir = tempDir('shop-cli-trigger-pruned-');
    dirs.push(dir);
    try {
      const customer = shopFor(pruning.url, dir.path);
      ok(
        await customer(['login', '--email', CUSTOMER.email, '--password-stdin'], {
          input: CUSTOMER.password,
        }),
      );
      ok(await customer(['trigger', 'order.paid', '--json']));
      skewMs = 11 * 60_000;
      // Retention removes every event the run caused: no cursor, not even 0, is valid any more.
      await vi.waitFor(
        async () => expect((await customer(['api', '/api/events?after=0'])).code).not.toBe(0),
        SERVER_TIMER_WAIT,
      );
      const again = ok(await customer(['trigger', 'order.paid', '--json']));
      expect(ndjson(again.stdout).map((event) => event.type)).toContain('order.created');
      expect(ndjson(again.stdout).at(-1)?.type).toBe('order.paid');
    } finally {
      await pruning.close();
    }
  });

  it.each([
    ['order.payment_failed', 'PAYMENT_FAILED'],
    ['order.refunded', 'REFUNDED'],
    ['order.cancelled', 'CANCELLED'],
    ['order.failed', 'FAILED'],
    ['payment.succeeded', 'PAID'],
  ])('%s exits 0 once its event arrives', async (event, status) => {
    const result = ok(await shop(['trigger', event, '--json']));
    const events = ndjson(result.stdout);
    const last = events.find((caused) => caused.type === event);
    expect(last, result.stdout).toBeDefined();
    const orderEvents = events.filter((caused) => caused.type.startsWith('order.'));
    expect(orderEvents.at(-1)?.data.object.status).toBe(status);
  });

  it('prints one line per event and a summary for a person', async () => {
    const result = ok(await shop(['trigger', 'order.cancelled']));
    // The line `shop listen` prints for the same event.
    for (const type of ['order.created', 'order.cancelled']) {
      expect(result.stdout).toMatch(
        new RegExp(
          `^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  --> ${type.replace('.', '\\.')} \\[evt_[0-9a-f]{32}\\] order [0-9a-f-]{36}$`,
          'm',
        ),
      );
    }
    expect(result.stdout).toMatch(/✓ order\.cancelled arrived after \d+\.\d s/);
    expect(result.stderr).toMatch(/^cancel cancelled: order [0-9a-f-]{36} CANCELLED$/m);
  });

  it('exits 1 with the reason when its event cannot happen (an out-of-stock --item, ordered or cancelled)', async () => {
    const items = parseJson<{ content: { itemId: string }[] }>(
      ok(await admin(['items', 'list', '--json'])).stdout,
    ).content;
    const itemId = items.at(-1)?.itemId as string;
    ok(await admin(['inventory', 'set', itemId, '0', '--json']));
    // order.paid: the order is FAILED; order.cancelled: the server refuses to cancel a FAILED
    // order (409), and the run says how the order ended all the same.
    for (const event of ['order.paid', 'order.cancelled']) {
      const result = await shop([
        'trigger',
        event,
        '--item',
        `${itemId}:1`,
        '--timeout',
        '5s',
        '--json',
      ]);
      expect(result.code, result.stderr).toBe(1);
      expect(ndjson(result.stdout).map((caused) => caused.type)).toEqual(['order.failed']);
      expect(result.stderr).toContain(
        `ended FAILED (insufficient_inventory), so ${event} did not happen`,
      );
    }
  });

  describe('order.cancelled when the payment settles before the cancel reaches the server', () => {
    /**
     * Runs `shop trigger order.cancelled` (the built binary) as `customer` through a proxy that
     * holds the cancel (DELETE /api/orders/{id}) until the order's status is `status`.
     */
    async function cancelOnceOrderIs(
      customer: { email: string; password: string },
      status: string,
    ): Promise<RunResult> {
      const dir = tempDir('shop-cli-trigger-cancel-');
      dirs.push(dir);
      const direct = shopFor(server.url, dir.path);
      const proxy = await startProxy(server.url, async (path, method) => {
        const orderId = /^\/api\/orders\/([0-9a-f-]{36})$/.exec(path)?.[1];
        if (method !== 'DELETE' || !orderId) return;
        await vi.waitFor(async () => {
          const order = parseJson<{ status: string }>(
            ok(await direct(['orders', 'get', orderId, '--json'])).stdout,
          );
          expect(order.status).toBe(status);
        }, SERVER_TIMER_WAIT);
      });
      try {
        const bin = shopBinFor(proxy.url, dir.path);
        ok(
          await bin(['login', '--email', customer.email, '--password-stdin'], {
            input: customer.password,
          }),
        );
        return await bin(['trigger', 'order.cancelled', '--json']);
      } finally {
        await proxy.close();
      }
    }

    it('a paid order is refunded, as the server cancel rules say: exit 1 once it is REFUNDED', async () => {
      const result = await cancelOnceOrderIs(CUSTOMER, 'PAID');
      expect(result.code, result.stderr).toBe(1);
      const types = ndjson(result.stdout).map((event) => event.type);
      expect(types).toEqual(expect.arrayContaining(['order.paid', 'order.refunded']));
      expect(types).not.toContain('order.cancelled');
      const problem = parseJson<{ title: string; detail: string }>(result.stderr);
      expect(problem.title).toMatch(
        /^order [0-9a-f-]{36} was PAID when the cancel reached it, so the server refunded it instead \(order\.refunded\); order\.cancelled did not happen\.$/,
      );
      expect(problem.detail).toContain('SHOP_PAYMENT_DELAY_MS');
    });

    it('an order whose payment failed cannot be cancelled: exit 1 with how it ended', async () => {
      const declined = await registerCustomer(server.url, { paymentMethod: 'pm_card_declined' });
      const result = await cancelOnceOrderIs(declined, 'PAYMENT_FAILED');
      expect(result.code, result.stderr).toBe(1);
      expect(ndjson(result.stdout).map((event) => event.type)).toContain('order.payment_failed');
      expect(parseJson<{ title: string }>(result.stderr).title).toMatch(
        /^order [0-9a-f-]{36} ended PAYMENT_FAILED \(card_declined\), so order\.cancelled did not happen\.$/,
      );
    });
  });

  it('a step the API refuses ends as every command does: one line and its hint, the problem only with --json', async () => {
    // A well-formed id of no item: the order step answers 422 order.item_not_found.
    const line = ['--item', '000000000000000000000000:1'];
    const failed = (stderr: string): string[] =>
      stderr.split('\n').filter((text) => /^(Error|Hint):/.test(text));
    const result = await shop(['trigger', 'order.paid', ...line]);
    expect(result.code, result.stderr).toBe(1);
    expect(failed(result.stderr)).toEqual([
      'Error: Item 000000000000000000000000 does not exist.',
      'Hint: List the catalog with `shop items list`.',
    ]);
    expect(result.stderr).not.toContain('{');
    // The same words `shop orders create` gives for the same refusal.
    expect(failed(result.stderr)).toEqual(
      failed((await shop(['orders', 'create', ...line])).stderr),
    );

    const json = await shop(['trigger', 'order.paid', ...line, '--json']);
    expect(json.code).toBe(1);
    expect(json.stdout).toBe('');
    expect(parseJson(json.stderr)).toMatchObject({ status: 422, code: 'order.item_not_found' });
  });

  it('subscribes with the stream alone, open before the order is placed: no read of the event list', async () => {
    const result = ok(await shop(['trigger', 'order.created', '--json', '--verbose']));
    const lines = result.stderr.split('\n');
    expect(
      lines.filter((line) => /^GET \S+\/api\/events\?/.test(line)),
      result.stderr,
    ).toEqual([]);
    const stream = lines.findIndex((line) => /^GET \S+\/api\/events\/stream\b/.test(line));
    const order = lines.findIndex((line) => /^POST \S+\/api\/orders\b/.test(line));
    expect(stream, result.stderr).toBeGreaterThanOrEqual(0);
    expect(order, result.stderr).toBeGreaterThan(stream);
  });

  it('exits 1 when the event does not arrive within --timeout', async () => {
    const result = await shop(['trigger', 'order.refunded', '--timeout', '100ms']);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('No order.refunded within 0.1 s');
  });

  it('--override sets a step param (a JSON value)', async () => {
    const result = ok(
      await shop(['trigger', 'order.created', '--override', 'order.items[0].quantity=3', '--json']),
    );
    const created = ndjson(result.stdout).find((event) => event.type === 'order.created');
    expect(created?.data.object.items?.[0]?.quantity).toBe(3);
  });

  it('--override naming no step is a usage error (exit 2) that lists the steps', async () => {
    const result = await shop([
      'trigger',
      'order.paid',
      '--override',
      'basket.items[0].quantity=3',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Its steps: item, order, paid.');
  });

  it('--list shows each fixture with the events it causes', async () => {
    const human = ok(await shop(['trigger', '--list'])).stdout;
    expect(human).toMatch(
      /^order\.paid +payment\.created, payment\.succeeded +order\.created, payment\.created, payment\.succeeded, order\.paid/m,
    );
    const fixtures = parseJson<{ event: string; causes: string[] }[]>(
      ok(await shop(['trigger', '--list', '--json'])).stdout,
    );
    expect(fixtures.map((fixture) => fixture.event)).toEqual([
      'order.created',
      'order.paid',
      'order.payment_failed',
      'order.refunded',
      'order.cancelled',
      'order.failed',
    ]);
  });

  it('an unknown event is a usage error (exit 2) with a "did you mean"', async () => {
    const result = await shop(['trigger', 'order.payed']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('No fixture triggers order.payed.');
    expect(result.stderr).toContain('Did you mean order.paid?');
  });

  it('without an event or --list, says how to see them (exit 2)', async () => {
    const result = await shop(['trigger']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Name the event to trigger.');
    expect(result.stderr).toContain('shop trigger --list');
  });

  it('needs a login (exit 4)', async () => {
    const dir = tempDir('shop-cli-trigger-');
    dirs.push(dir);
    const result = await shopBinFor(server.url, dir.path)(['trigger', 'order.paid']);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('You are not logged in');
  });

  it('completion offers the triggerable events', async () => {
    const script = ok(await shop(['completion', 'bash'])).stdout;
    expect(script).toContain("'trigger>0') values='order.created order.paid payment.created");
  });
});
