import { spawn } from 'node:child_process';
import type { RunningServer } from '@shop/server';
import { startInProcess } from '@shop/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, CUSTOMER, parseJson, shopFor, tempDir, type RunResult } from './helpers.js';

interface Item {
  itemId: string;
  itemName: string;
  unitPrice: number;
}
interface Order {
  orderId: string;
  status: string;
  totalAmount: number;
  paymentId: string | null;
  items: { itemId: string; quantity: number }[];
}
interface Payment {
  paymentId: string;
  orderId: string;
  status: string;
  amount: number;
}

let server: RunningServer;
const dirs: ReturnType<typeof tempDir>[] = [];
let shop: ReturnType<typeof shopFor>;
let items: Item[];

const ok = (result: RunResult): RunResult => {
  expect(result.code, result.stderr).toBe(0);
  return result;
};

/** A fresh customer whose payments follow `paymentMethod`, logged in in its own config dir. */
async function customerWith(paymentMethod: string): Promise<ReturnType<typeof shopFor>> {
  const dir = tempDir('shop-cli-orders-');
  dirs.push(dir);
  const as = shopFor(server.url, dir.path);
  const email = `${paymentMethod}-${dirs.length}@example.test`;
  const created = await as(
    [
      'accounts',
      'create',
      '--email',
      email,
      '--username',
      paymentMethod,
      '--password-stdin',
      '--payment-method',
      paymentMethod,
      '--json',
    ],
    { input: 'correct-horse-battery' },
  );
  expect(parseJson(ok(created).stdout)).toMatchObject({ email, paymentMethod, role: 'customer' });
  ok(await as(['login', '--email', email, '--password-stdin'], { input: 'correct-horse-battery' }));
  return as;
}

beforeAll(async () => {
  server = await startInProcess();
  const dir = tempDir('shop-cli-orders-');
  dirs.push(dir);
  shop = shopFor(server.url, dir.path);
  ok(
    await shop(['login', '--email', CUSTOMER.email, '--password-stdin'], {
      input: CUSTOMER.password,
    }),
  );
  items = parseJson<{ content: Item[] }>(
    ok(await shop(['items', 'list', '--json'])).stdout,
  ).content;
});

afterAll(async () => {
  await server?.close();
  for (const dir of dirs) dir.remove();
});

describe('shop orders create', () => {
  it('never prompts off a terminal or in CI: it names the flags (exit 2)', async () => {
    for (const env of [{}, { CI: 'true' }]) {
      const result = await shop(['orders', 'create'], { env });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--item <itemId>:<quantity>');
      expect(result.stdout).toBe('');
    }
  });

  it('places an order from --item flags and --wait prints the final, paid order', async () => {
    const [a, b] = items;
    if (!a || !b) throw new Error('the seed has items');
    const result = ok(
      await shop([
        'orders',
        'create',
        '--item',
        `${a.itemId}:2`,
        '--item',
        b.itemId,
        '--wait',
        '--json',
      ]),
    );
    expect(result.stderr).toBe('');
    const order = parseJson<Order>(result.stdout);
    expect(order.status).toBe('PAID');
    expect(order.items).toEqual([
      expect.objectContaining({ itemId: a.itemId, quantity: 2 }),
      expect.objectContaining({ itemId: b.itemId, quantity: 1 }),
    ]);
    expect(order.totalAmount).toBeCloseTo(a.unitPrice * 2 + b.unitPrice, 2);

    const listed = parseJson<{ content: Order[] }>(
      ok(await shop(['orders', 'list', '--status', 'PAID', '--json'])).stdout,
    );
    expect(listed.content.map((o) => o.orderId)).toContain(order.orderId);
    const human = ok(await shop(['orders', 'get', order.orderId]));
    expect(human.stdout).toMatch(/Status:\s+PAID/);
    expect(human.stdout).toContain(a.itemName);
  });

  it('replays the same order for the same --idempotency-key', async () => {
    const item = items[2];
    if (!item) throw new Error('the seed has items');
    const args = [
      'orders',
      'create',
      '--item',
      `${item.itemId}:1`,
      '--idempotency-key',
      'cli-test-key-1',
      '--json',
    ];
    const first = parseJson<Order>(ok(await shop(args)).stdout);
    const second = parseJson<Order>(ok(await shop(args)).stdout);
    expect(second.orderId).toBe(first.orderId);
  });

  it('names the item and the available units on a stock conflict (exit 6)', async () => {
    const item = items[3];
    if (!item) throw new Error('the seed has items');
    const { availableUnits } = parseJson<{ availableUnits: number }>(
      ok(await shop(['inventory', 'get', item.itemId, '--json'])).stdout,
    );
    const wanted = availableUnits + 1;
    const human = await shop(['orders', 'create', '--item', `${item.itemId}:${wanted}`]);
    expect(human.code).toBe(6);
    expect(human.stderr).toContain(
      `Not enough stock for item ${item.itemId}: ${availableUnits} available, ${wanted} requested.`,
    );
    expect(human.stderr).toContain(`shop inventory get ${item.itemId}`);

    const json = await shop(['orders', 'create', '--item', `${item.itemId}:${wanted}`, '--json']);
    expect(json.code).toBe(6);
    expect(json.stdout).toBe('');
    expect(parseJson(json.stderr)).toMatchObject({
      status: 409,
      code: 'inventory.insufficient',
      itemId: item.itemId,
      availableUnits,
      requestedUnits: wanted,
    });
  });

  it('fails (exit 1) after --wait when the card is declined, still printing the order', async () => {
    const declined = await customerWith('pm_card_declined');
    const item = items[4];
    if (!item) throw new Error('the seed has items');
    const result = await declined(['orders', 'create', '--item', `${item.itemId}:1`, '--wait']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/Status:\s+PAYMENT_FAILED/);
    expect(result.stderr).toContain('card_declined');
    expect(result.stderr).toContain('--payment-method');
  });
});

describe('cancel, refund, watch', () => {
  it('refunds a payment only with --yes off a terminal; the order becomes REFUNDED', async () => {
    const item = items[5];
    if (!item) throw new Error('the seed has items');
    const order = parseJson<Order>(
      ok(await shop(['orders', 'create', '--item', `${item.itemId}:1`, '--wait', '--json'])).stdout,
    );
    const payments = parseJson<{ content: Payment[] }>(
      ok(await shop(['payments', 'list', '--order', order.orderId, '--json'])).stdout,
    );
    expect(payments.content).toEqual([
      expect.objectContaining({
        orderId: order.orderId,
        status: 'SUCCESS',
        amount: order.totalAmount,
      }),
    ]);
    const paymentId = payments.content[0]?.paymentId ?? '';

    const refused = await shop(['payments', 'refund', paymentId]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Pass --yes');

    const refunded = parseJson<Payment>(
      ok(await shop(['payments', 'refund', paymentId, '--yes', '--json'])).stdout,
    );
    expect(refunded).toMatchObject({ paymentId, status: 'REFUNDED' });
    expect(
      parseJson<Payment>(ok(await shop(['payments', 'get', paymentId, '--json'])).stdout).status,
    ).toBe('REFUNDED');

    // Off a terminal, watch prints the final order only.
    const watched = parseJson<Order>(
      ok(await shop(['orders', 'watch', order.orderId, '--json'])).stdout,
    );
    expect(watched).toMatchObject({ orderId: order.orderId, status: 'REFUNDED' });
  });

  it('cancels an order that waits for a slow payment; a second cancel is a conflict (exit 6)', async () => {
    const slow = await customerWith('pm_card_slow');
    const item = items[6];
    if (!item) throw new Error('the seed has items');
    const order = parseJson<Order>(
      ok(await slow(['orders', 'create', '--item', `${item.itemId}:1`, '--json'])).stdout,
    );
    expect(order.status).toBe('INVENTORY_RESERVED');
    const cancelled = parseJson<Order>(
      ok(await slow(['orders', 'cancel', order.orderId, '--yes', '--json'])).stdout,
    );
    expect(cancelled.status).toBe('CANCELLED');
    const again = await slow(['orders', 'cancel', order.orderId, '--yes']);
    expect(again.code).toBe(6);
    expect(again.stderr).toContain(`shop orders get`);
  });

  it('leaves with 130 and no stack trace on SIGINT', async () => {
    const slow = await customerWith('pm_card_slow');
    const item = items[7];
    if (!item) throw new Error('the seed has items');
    const order = parseJson<Order>(
      ok(await slow(['orders', 'create', '--item', `${item.itemId}:1`, '--json'])).stdout,
    );
    const configDir = dirs.at(-1)?.path ?? '';
    const child = spawn(process.execPath, [BIN, 'orders', 'watch', order.orderId, '--verbose'], {
      env: { ...process.env, SHOP_API_URL: server.url, SHOP_CONFIG_DIR: configDir, CI: undefined },
    });
    let stderr = '';
    // Interrupt once the first poll has answered: the watch is then waiting for the payment.
    // Once, as a person would: the run now writes a last line after the signal, and a second
    // SIGINT landing while Node tears down its handlers would kill it by the signal instead.
    let sent = false;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (!sent && stderr.includes(`/api/orders/${order.orderId} → 200`)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr).not.toMatch(/\n\s+at /);
    // The watch stopped, the order did not: the last line says so and how to pick it up again.
    expect(stderr).toContain(
      `Order ${order.orderId} continues; follow it with \`shop orders watch ${order.orderId}\`.`,
    );
  });
});

describe('errors', () => {
  it('says to log in on a 401 (exit 4)', async () => {
    const dir = tempDir('shop-cli-anon-');
    dirs.push(dir);
    const result = await shopFor(server.url, dir.path)(['orders', 'list']);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('You are not logged in.');
    expect(result.stderr).toContain('shop login');
  });

  it('shows method, URL, status and request id per call with --verbose, and the request id of a failure', async () => {
    const result = await shop([
      'orders',
      'get',
      '00000000-0000-4000-8000-000000000000',
      '--verbose',
    ]);
    expect(result.code).toBe(5);
    const match =
      /GET \S+\/api\/orders\/00000000-0000-4000-8000-000000000000 → 404 \(\d+ ms\) request-id (\S+)/.exec(
        result.stderr,
      );
    expect(match).not.toBeNull();
    expect(result.stderr).toContain(`Request id: ${match?.[1]}`);
  });

  it('says the API cannot be reached (exit 1)', async () => {
    const result = await shop(['items', 'list', '--api-url', 'http://127.0.0.1:9']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Cannot reach the API at http://127.0.0.1:9');
    expect(result.stderr).toContain('--api-url');
  });

  it("exits 2 on commander's usage errors", async () => {
    for (const args of [
      ['frobnicate'],
      ['items', 'list', '--bogus'],
      ['orders', 'list', '--status', 'LOST'],
      ['orders', 'create', '--item', 'abc:0'],
    ]) {
      const result = await shop(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^error: /);
    }
  });

  it('prints the version and help without error', async () => {
    expect(ok(await shop(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const help = ok(await shop(['orders', '--help'])).stdout;
    for (const verb of ['create', 'list', 'get', 'cancel', 'watch']) expect(help).toContain(verb);
    expect(ok(await shop(['help', 'payments'])).stdout).toContain('refund');
    // A topic without its verb shows the topic's help, as a usage error.
    const incomplete = await shop(['payments']);
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toContain('refund');
  });
});
