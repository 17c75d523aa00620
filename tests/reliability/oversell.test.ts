/**
 * 200 concurrent one-unit orders against a stock of 50: exactly 50 are reserved, and stock is
 * never negative — enforced by a CHECK constraint and never observed by readers during the storm.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@shop/server';
import {
  client,
  login,
  registerCustomer,
  type RegisteredCustomer,
  SEEDED,
  startInProcess,
  stockedItem,
} from '@shop/test-kit';
import { runPool } from './support/bounded.js';
import { expectProblem } from './support/http.js';

const STOCK = 50;
const ORDERS = 200;
const CUSTOMERS = 20;
const READERS = 4;
const MAX_READS_PER_READER = 2_000;

let server: RunningServer;
beforeAll(async () => {
  server = await startInProcess();
});
afterAll(() => server?.close());

describe('oversell', () => {
  it('the inventory table forbids negative stock with a CHECK constraint', () => {
    const sql = server.db
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'inventory'")
      .pluck()
      .get() as string | undefined;
    expect(sql).toMatch(/CHECK\s*\(\s*available_units\s*>=\s*0\s*\)/i);
    // And SQLite enforces it (the statement fails, so nothing changes).
    expect(() => server.db.prepare('UPDATE inventory SET available_units = -1').run()).toThrow(
      /CHECK constraint failed/,
    );
  });

  it(`${ORDERS} concurrent one-unit orders against stock ${STOCK} reserve exactly ${STOCK}`, async () => {
    const adminToken = await login(server.url, SEEDED.admin.email, SEEDED.admin.password);
    const itemId = await stockedItem(client(server.url, adminToken), STOCK);
    const customers: RegisteredCustomer[] = await runPool(CUSTOMERS, 5, () =>
      registerCustomer(server.url),
    );

    let storming = true;
    const observed: number[] = [];
    const reader = async (): Promise<void> => {
      for (let i = 0; i < MAX_READS_PER_READER && storming; i++) {
        const res = await client(server.url).get(`/api/inventory/${itemId}?view=quick`);
        expect(res.status).toBe(200);
        observed.push(res.body.availableUnits as number);
      }
    };
    const readers = Array.from({ length: READERS }, reader);

    const replies = await Promise.all(
      Array.from({ length: ORDERS }, (_, i) => {
        const customer = customers[i % CUSTOMERS]!;
        return client(server.url, customer.token).post(
          '/api/orders',
          { items: [{ itemId, quantity: 1 }] },
          { headers: { 'idempotency-key': randomUUID() } },
        );
      }),
    );
    storming = false;
    await Promise.all(readers);

    const created = replies.filter((r) => r.status === 201);
    expect(created).toHaveLength(STOCK);
    for (const reply of replies.filter((r) => r.status !== 201)) {
      expectProblem(reply, 409, 'inventory.insufficient');
    }
    expect(new Set(created.map((r) => r.body.orderId)).size).toBe(STOCK);

    expect(observed.length).toBeGreaterThan(0);
    expect(observed.filter((units) => units < 0)).toEqual([]);

    const full = await client(server.url).get(`/api/inventory/${itemId}?view=full`);
    expect(full.body).toMatchObject({ availableUnits: 0, reservedUnits: STOCK });
  });
});
