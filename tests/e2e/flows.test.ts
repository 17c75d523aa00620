import { createShopClient, type Order, type Payment, type ResponseInfo } from '@shop/sdk';
import { randomUUID } from 'node:crypto';
import { startInProcess } from '@shop/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrismProxy, type PrismProxy } from './prism-proxy.js';
import { cliUser, type CliUser } from './shop-cli.js';

// Server, SDK and the built `shop` binary together, no mocks: what a user sees end to end.
// With SHOP_E2E_PRISM=1 (`pnpm test:e2e:prism`) every call goes through Prism's validating
// proxy, and any contract violation it reports fails the run.

interface Running {
  url: string;
  close(): Promise<void>;
}

let server: Running;
let prism: PrismProxy | undefined;
/** Where the SDK and the CLI send their requests: the server, or Prism in front of it. */
let apiUrl: string;
const users: CliUser[] = [];

beforeAll(async () => {
  const viaPrism = process.env.SHOP_E2E_PRISM === '1';
  server = await startInProcess();
  if (viaPrism) prism = await startPrismProxy(server.url);
  apiUrl = prism?.url ?? server.url;
}, 120_000);

afterAll(async () => {
  for (const user of users) user.cleanup();
  const problems = prism?.problems() ?? [];
  await prism?.close();
  await server?.close();
  if (problems.length > 0)
    throw new Error(`Prism reported contract violations:\n${problems.join('\n')}`);
});

function newUser(): CliUser {
  const user = cliUser(apiUrl);
  users.push(user);
  return user;
}

/** Registers a customer through the CLI and logs it in; returns its CLI and an SDK client. */
async function customer(paymentMethod = 'pm_card_visa') {
  const cli = newUser();
  const email = `e2e-${randomUUID()}@example.com`;
  const password = 'correct horse battery';
  const account = await cli.json<{ accountId: string }>(
    [
      'accounts',
      'create',
      '--email',
      email,
      '--username',
      'E2E',
      '--payment-method',
      paymentMethod,
      '--password-stdin',
    ],
    password,
  );
  const login = await cli.run(['login', '--email', email, '--password-stdin'], password);
  expect(login.code, login.stderr).toBe(0);
  const sdk = createShopClient({ baseUrl: apiUrl });
  const session = await sdk.auth.login({ email, password });
  expect(session.accountId).toBe(account.accountId);
  return { cli, sdk, account };
}

async function admin() {
  const cli = newUser();
  const login = await cli.run(
    ['login', '--email', 'admin@shop.local', '--password-stdin'],
    'admin-password',
  );
  expect(login.code, login.stderr).toBe(0);
  return cli;
}

/**
 * Waits through the SDK until the order reaches one of `until`, then returns every status it went
 * through, as its events recorded them. (A poller samples: a watcher slower than the payment
 * worker never sees INVENTORY_RESERVED, and nothing orders the two.)
 */
async function statusesUntil(
  sdk: ReturnType<typeof createShopClient>,
  orderId: string,
  until: Order['status'][],
): Promise<Order['status'][]> {
  await sdk.orders.waitFor(orderId, { until, timeoutMs: 30_000 });
  const events = await sdk.events.list({ orderId, types: ['order.*'] }).toArray({ limit: 100 });
  return events.map((event) => (event.data.object as Order).status);
}

describe('a customer orders and refunds through the CLI while the SDK watches', () => {
  it('goes INVENTORY_RESERVED → PAID → REFUNDED with stock restored', async () => {
    const { cli, sdk, account } = await customer();
    const [item] = await sdk.items.list({ sortBy: 'itemName' }).toArray({ limit: 1 });
    if (!item) throw new Error('the demo catalog is empty');
    const before = await sdk.inventory.get(item.itemId);

    const created = await cli.json<Order>(['orders', 'create', '--item', `${item.itemId}:2`]);
    expect(created).toMatchObject({ userId: account.accountId, status: 'INVENTORY_RESERVED' });
    expect(created.totalAmount).toBeCloseTo(item.unitPrice * 2, 2);
    expect(created.items).toEqual([
      expect.objectContaining({ itemId: item.itemId, quantity: 2, unitPrice: item.unitPrice }),
    ]);

    expect(await statusesUntil(sdk, created.orderId, ['PAID'])).toEqual([
      'INVENTORY_RESERVED',
      'PAID',
    ]);
    expect((await sdk.inventory.get(item.itemId)).availableUnits).toBe(before.availableUnits - 2);

    // --json prints exactly the API's JSON: for a list, its page object.
    const page = await cli.json<{ content: Payment[] }>([
      'payments',
      'list',
      '--order',
      created.orderId,
    ]);
    expect(page.content).toHaveLength(1);
    const [payment] = page.content;
    expect(payment).toMatchObject({ orderId: created.orderId, status: 'SUCCESS' });

    // Off a terminal a refund needs --yes; without it the CLI refuses with a usage error.
    const unconfirmed = await cli.run(['payments', 'refund', payment!.paymentId]);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toMatch(/--yes/);

    const refunded = await cli.json<Payment>(['payments', 'refund', payment!.paymentId, '--yes']);
    expect(refunded).toMatchObject({ paymentId: payment!.paymentId, status: 'REFUNDED' });
    expect(refunded.refundedAt).toEqual(expect.any(String));

    expect(await statusesUntil(sdk, created.orderId, ['REFUNDED'])).toEqual([
      'INVENTORY_RESERVED',
      'PAID',
      'REFUNDED',
    ]);
    expect((await sdk.inventory.get(item.itemId)).availableUnits).toBe(before.availableUnits);

    const shown = await cli.json<Order>(['orders', 'get', created.orderId]);
    expect(shown).toEqual(await sdk.orders.get(created.orderId));
  });
});

describe('stock changes reach a customer through the quick view ETag', () => {
  it('serves a 304 until the admin changes stock, then the new ETag and value', async () => {
    const adminCli = await admin();
    const statuses: number[] = [];
    const sdk = createShopClient({
      baseUrl: apiUrl,
      onResponse: (info: ResponseInfo) => {
        if (info.url.includes('view=quick')) statuses.push(info.status);
      },
    });
    const [item] = await sdk.items.list().toArray({ limit: 1 });
    if (!item) throw new Error('the demo catalog is empty');

    const first = await sdk.inventory.getQuick(item.itemId);
    const again = await sdk.inventory.getQuick(item.itemId);
    expect(again).toEqual(first);
    expect(statuses).toEqual([200, 304]);

    const units = first.availableUnits + 7;
    const set = await adminCli.json<{ availableUnits: number }>([
      'inventory',
      'set',
      item.itemId,
      String(units),
    ]);
    expect(set.availableUnits).toBe(units);

    const after = await sdk.inventory.getQuick(item.itemId);
    expect(after.availableUnits).toBe(units);
    expect(statuses).toEqual([200, 304, 200]);
  });
});

describe('a declined card', () => {
  it('ends PAYMENT_FAILED with the stock back, and the CLI exits non-zero', async () => {
    const { cli, sdk } = await customer('pm_card_declined');
    const [item] = await sdk.items.list().toArray({ limit: 1 });
    if (!item) throw new Error('the demo catalog is empty');
    const before = await sdk.inventory.get(item.itemId);

    const result = await cli.run([
      '--json',
      'orders',
      'create',
      '--item',
      `${item.itemId}:3`,
      '--wait',
    ]);
    expect(result.code).toBe(1);
    const final = JSON.parse(result.stdout) as Order;
    expect(final.status).toBe('PAYMENT_FAILED');
    expect(final.failureReason).toBe('card_declined');

    const payments = await sdk.payments.list({ orderId: final.orderId }).toArray({ limit: 10 });
    expect(payments.map((p) => p.status)).toEqual(['FAILED']);
    expect((await sdk.inventory.get(item.itemId)).availableUnits).toBe(before.availableUnits);
  });
});

describe('idempotency across the CLI and the SDK', () => {
  it('replays an order placed with the same key instead of ordering twice', async () => {
    const { cli, sdk } = await customer();
    const [item] = await sdk.items.list().toArray({ limit: 1 });
    if (!item) throw new Error('the demo catalog is empty');
    const key = randomUUID();
    const viaCli = await cli.json<Order>([
      'orders',
      'create',
      '--item',
      `${item.itemId}:1`,
      '--idempotency-key',
      key,
    ]);
    const viaSdk = await sdk.orders.create(
      { items: [{ itemId: item.itemId, quantity: 1 }] },
      { idempotencyKey: key },
    );
    expect(viaSdk.orderId).toBe(viaCli.orderId);
    const mine = await sdk.orders.list().toArray({ limit: 100 });
    expect(mine.map((o) => o.orderId)).toEqual([viaCli.orderId]);
  });
});
