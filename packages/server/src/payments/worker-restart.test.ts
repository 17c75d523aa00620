import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  client as api,
  killAll,
  loginAs,
  registerCustomer,
  spawnServer,
  type ChildServer,
} from '@shop/test-kit';

const AWAITING_PAYMENT = ['PENDING', 'INVENTORY_RESERVED'];

/** The built `shop-server` on a database file, with a payment delay. */
const serve = (dbPath: string, paymentDelayMs: number): Promise<ChildServer> =>
  spawnServer(['--db', dbPath], { env: { SHOP_PAYMENT_DELAY_MS: String(paymentDelayMs) } });

describe('payments survive a crash', () => {
  let dir: string | undefined;
  const children: ChildServer[] = [];
  afterEach(async () => {
    await killAll(children);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a server killed with payments pending finishes every order after a restart on the same file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'shop-restart-'));
    const dbPath = join(dir, 'shop.db');
    // A long payment delay keeps every payment PENDING when the process dies.
    const first = await serve(dbPath, 4000);
    children.push(first);
    const admin = api(first.url, await loginAs(first.url, 'admin'));
    const item = await admin.post('/api/items', {
      upc: '123456789012',
      itemName: 'Crash Test Dummy',
      unitPrice: 3,
    });
    await admin.put(`/api/inventory/${item.body.itemId}`, { availableUnits: 20 });
    const visa = await registerCustomer(first.url);
    const declined = await registerCustomer(first.url, { paymentMethod: 'pm_card_declined' });
    const placed: { token: string; orderId: string }[] = [];
    for (const { token } of [visa, visa, visa, declined, declined]) {
      const res = await api(first.url, token).post('/api/orders', {
        items: [{ itemId: item.body.itemId, quantity: 2 }],
      });
      expect(res.status).toBe(201);
      placed.push({ token, orderId: res.body.orderId as string });
    }
    const cancelled = placed[0]!;
    expect(
      (await api(first.url, cancelled.token).delete(`/api/orders/${cancelled.orderId}`)).status,
    ).toBe(200);
    await killAll([first]);

    const file = new Database(dbPath, { readonly: true });
    const waiting = file
      .prepare(`SELECT COUNT(*) FROM orders WHERE status IN ('PENDING', 'INVENTORY_RESERVED')`)
      .pluck()
      .get() as number;
    file.close();
    expect(waiting).toBeGreaterThan(0); // the crash really left orders waiting for their payment

    const second = await serve(dbPath, 4000);
    children.push(second);
    const statuses = new Map<string, string>();
    for (let round = 0; round < 400; round++) {
      for (const { token, orderId } of placed) {
        const res = await api(second.url, token).get(`/api/orders/${orderId}`);
        statuses.set(orderId, res.body.status as string);
      }
      if (![...statuses.values()].some((s) => AWAITING_PAYMENT.includes(s))) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(placed.map(({ orderId }) => statuses.get(orderId))).toEqual([
      'CANCELLED',
      'PAID',
      'PAID',
      'PAYMENT_FAILED',
      'PAYMENT_FAILED',
    ]);
    const stock = await api(second.url).get(`/api/inventory/${item.body.itemId}`);
    expect(stock.body).toMatchObject({ availableUnits: 16, reservedUnits: 4 });
    await killAll([second]);
  });
});
