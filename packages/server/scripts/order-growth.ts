/**
 * Does the cost of an order grow with the data? Fills one database with `small` orders and one
 * with `large`, through the same command path as POST /api/orders (key lookup, order,
 * reservation, outbox, stored response: one transaction) with the payment worker draining a
 * pass after every batch, as it does between request batches. Then places more orders on the
 * two in alternating rounds, so that load from other processes hits both alike, and prints the
 * CPU per order (request path + the worker's share) on each and their ratio.
 *
 *   npx -y tsx@4 scripts/order-growth.ts [small=10000] [large=100000] [dir for files]
 * (from packages/server). With a directory both databases are SQLite files in it, as
 * `shop-server` and the bench run the server; without one both are in memory.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pino } from 'pino';
import { openDatabase, type Db } from '../src/db/database.js';
import { requestHash, runCommand } from '../src/domain/idempotency/idempotency.js';
import { createOrder } from '../src/domain/orders/orders.js';
import { runPass } from '../src/payments/worker.js';

const small = Number(process.argv[2] ?? 10_000);
const large = Number(process.argv[3] ?? 100_000);
const dir = process.argv[4];
const BATCH = 20;
const ROUND = 1_000;
const ROUNDS = 10;

interface Shop {
  db: Db;
  accountId: string;
  itemIds: string[];
  clock: number;
}

function open(name: string): Shop {
  const db = openDatabase(dir ? join(dir, `${name}.db`) : ':memory:');
  const at = new Date().toISOString();
  const accountId = randomUUID();
  db.prepare(
    `INSERT INTO accounts (account_id, email, username, password_hash, payment_method, role,
                           created_at, updated_at)
     VALUES (?, ?, 'bench', 'x', 'pm_card_visa', 'customer', ?, ?)`,
  ).run(accountId, `${accountId}@example.test`, at, at);
  const itemIds = Array.from({ length: 20 }, () => {
    const itemId = randomBytes(12).toString('hex');
    db.prepare(
      `INSERT INTO items (item_id, upc, item_name, unit_price_cents, created_at, updated_at)
       VALUES (?, ?, 'Thing', 1999, ?, ?)`,
    ).run(itemId, String(Math.floor(Math.random() * 1e12)), at, at);
    db.prepare('INSERT INTO inventory (item_id, available_units, updated_at) VALUES (?, ?, ?)').run(
      itemId,
      900_000_000,
      at,
    );
    return itemId;
  });
  return { db, accountId, itemIds, clock: Date.now() };
}

const render = (answer: { ok: boolean; value?: unknown }) => ({
  status: answer.ok ? 201 : 409,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: Buffer.from(JSON.stringify(answer.ok ? answer.value : 'error')),
});
const logger = pino({ level: 'silent' });

function place(shop: Shop, count: number): void {
  const { db, accountId, itemIds } = shop;
  const worker = { db, logger, now: () => new Date(shop.clock), paymentDelayMs: 0 };
  for (let n = 1; n <= count; n++) {
    const items = [{ itemId: itemIds[n % itemIds.length] as string, quantity: 1 }];
    const key = {
      accountId,
      key: randomUUID(),
      requestHash: requestHash('POST', '/api/orders', { items }),
    };
    const now = new Date(shop.clock);
    runCommand(db, { key, now }, () => createOrder(db, { accountId, items }, now), render);
    if (n % BATCH === 0) {
      shop.clock += 1;
      // Every message and settlement these orders left: request, settlement, result.
      while (runPass(worker).length > 0) shop.clock += 1;
    }
  }
}

const cpu = (work: () => void): number => {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return used.user + used.system;
};

const a = open('small');
const b = open('large');
place(a, small);
place(b, large);
process.stderr.write(`filled: ${small} and ${large} orders\n`);
let smallCpu = 0;
let largeCpu = 0;
for (let round = 0; round < ROUNDS; round++) {
  smallCpu += cpu(() => place(a, ROUND));
  largeCpu += cpu(() => place(b, ROUND));
}
const perOrder = (us: number) => us / (ROUND * ROUNDS);
process.stdout.write(
  `CPU per order after ${small}: ${perOrder(smallCpu).toFixed(0)} µs; after ${large}: ` +
    `${perOrder(largeCpu).toFixed(0)} µs; ratio ${(largeCpu / smallCpu).toFixed(2)}\n`,
);
a.db.close();
b.db.close();
