/**
 * A server on a database file is SIGKILLed (three times) while a client streams 500 orders. After the restarts on the
 * same file: every order that got a 201 exists, every order settles within a deadline, stock is
 * conserved, and re-sending a request (same Idempotency-Key) never places a second order.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type ChildServer,
  client,
  killAll,
  login,
  registerCustomer,
  type RegisteredCustomer,
  type Reply,
  SEEDED,
  spawnServer,
  stockedItem,
} from '@shop/test-kit';
import { pollUntil, runPool, sleep } from './support/bounded.js';

const FINAL_STATUSES = ['PAID', 'PAYMENT_FAILED', 'FAILED', 'CANCELLED', 'REFUNDED'];

const STREAM = 500;
const CONCURRENCY = 8;
/**
 * The server is SIGKILLed (and restarted on the same file) KILLS times, each time once this many
 * responses have arrived: mid-stream, with requests in flight. Several kills give the kill more
 * chances to land between two commits of one request; the last life streams the rest.
 */
const KILL_EVERY = 100;
const KILLS = 3;
const ITEMS = 3;
const STOCK = 400;
const PAYMENT_METHODS = ['pm_card_visa', 'pm_card_declined', 'pm_card_slow', 'pm_card_visa'];
const SETTLE_DEADLINE_MS = 60_000;
/** The server treats an IN_FLIGHT idempotency claim older than this as abandoned by a crash. */
const IN_FLIGHT_STALE_MS = 60_000;
/** Streaming, perhaps the stale-claim wait, and up to SETTLE_DEADLINE_MS of settling. */
const TEST_TIMEOUT_MS = 300_000;

interface Attempt {
  customer: RegisteredCustomer;
  key: string;
  body: { items: { itemId: string; quantity: number }[] };
  /** 'lost': sent, but the connection died with the server; 'unsent': the stream had stopped. */
  outcome: 'reply' | 'lost' | 'unsent';
  reply?: Reply;
}

interface Order {
  orderId: string;
  status: string;
  items: { itemId: string; quantity: number }[];
}

const tmp = mkdtempSync(join(tmpdir(), 'shop-crash-'));
const dbPath = join(tmp, 'shop.db');
const children: ChildServer[] = [];

afterAll(async () => {
  await killAll(children);
  rmSync(tmp, { recursive: true, force: true });
});

async function listAllOrders(url: string, customers: RegisteredCustomer[]): Promise<Order[]> {
  const orders: Order[] = [];
  for (const customer of customers) {
    for (let page = 0; page < 100; page++) {
      const res = await client(url, customer.token).get(`/api/orders?page=${page}&size=100`);
      if (res.status !== 200) throw new Error(`list orders: ${res.status} ${res.text}`);
      orders.push(...(res.body.content as Order[]));
      if (res.body.last) break;
    }
  }
  return orders;
}

/** Order ids a reply names: a 201's order, or the FAILED order a 409 inventory.insufficient records. */
const orderIdOf = (reply: Reply | undefined): string | undefined =>
  reply && (reply.status === 201 || reply.body?.code === 'inventory.insufficient')
    ? (reply.body?.orderId as string | undefined)
    : undefined;

describe('crash recovery', () => {
  it(
    'survives SIGKILL mid-stream without losing, duplicating or leaking orders and stock',
    async () => {
      const first = await spawnServer(['--db', dbPath]);
      children.push(first);
      const adminToken = await login(first.url, SEEDED.admin.email, SEEDED.admin.password);
      const itemIds: string[] = [];
      for (let i = 0; i < ITEMS; i++)
        itemIds.push(await stockedItem(client(first.url, adminToken), STOCK));
      const customers: RegisteredCustomer[] = [];
      for (const paymentMethod of PAYMENT_METHODS) {
        customers.push(await registerCustomer(first.url, { paymentMethod }));
      }

      // A deterministic mix of one- and two-line orders of 1–3 units.
      const attempts: Attempt[] = Array.from({ length: STREAM }, (_, i) => {
        const lines = [{ itemId: itemIds[i % ITEMS]!, quantity: 1 + (i % 3) }];
        if (i % 4 === 0) lines.push({ itemId: itemIds[(i + 1) % ITEMS]!, quantity: 1 });
        return {
          customer: customers[i % customers.length]!,
          key: randomUUID(),
          body: { items: lines },
          outcome: 'unsent',
        };
      });

      let server = first;
      let killedAt = 0;
      for (let life = 0; life <= KILLS; life++) {
        if (life > 0) {
          // Restart on the same file. Tokens must survive: the signing secret is in the database.
          server = await spawnServer(['--db', dbPath]);
          children.push(server);
        }
        const current = server;
        const last = life === KILLS;
        const todo = attempts.filter((a) => a.outcome === 'unsent');
        let replies = 0;
        let killed = false;
        await runPool(todo.length, CONCURRENCY, async (i) => {
          const attempt = todo[i]!;
          if (killed) return;
          try {
            attempt.reply = await client(current.url, attempt.customer.token).post(
              '/api/orders',
              attempt.body,
              { headers: { 'idempotency-key': attempt.key } },
            );
            attempt.outcome = 'reply';
            if (!last && ++replies === KILL_EVERY) {
              killed = true;
              current.child.kill('SIGKILL');
            }
          } catch {
            attempt.outcome = 'lost';
          }
        });
        if (!last) {
          expect((await current.exited).signal).toBe('SIGKILL');
          killedAt = Date.now();
        }
      }
      const restarted = server;

      const answered = attempts.filter((a) => a.outcome === 'reply');
      const lost = attempts.filter((a) => a.outcome === 'lost');
      for (const a of answered) expect([201, 409], a.reply!.text).toContain(a.reply!.status);
      const created = answered.filter((a) => a.reply!.status === 201);
      console.info(
        `crash: ${KILLS} kills; ${answered.length} answered (${created.length} created), ${lost.length} lost in flight`,
      );
      expect(answered.length + lost.length).toBe(STREAM);
      expect(created.length).toBeGreaterThan(0);

      for (const a of created) {
        const res = await client(restarted.url, a.customer.token).get(
          `/api/orders/${a.reply!.body.orderId}`,
        );
        expect(res.status, `order ${a.reply!.body.orderId} after restart: ${res.text}`).toBe(200);
      }

      // Re-sending an answered request replays its answer; a lost one gets its order, once.
      for (const a of created) {
        const again = await client(restarted.url, a.customer.token).post('/api/orders', a.body, {
          headers: { 'idempotency-key': a.key },
        });
        expect(again.status, again.text).toBe(201);
        expect(again.body.orderId).toBe(a.reply!.body.orderId);
        expect(again.headers.get('idempotent-replayed')).toBe('true');
      }
      const resend = async (a: Attempt): Promise<Reply> =>
        client(restarted.url, a.customer.token).post('/api/orders', a.body, {
          headers: { 'idempotency-key': a.key },
        });
      const resent = new Map<Attempt, Reply>();
      /** Every status each lost request got on re-sending, for the failure message. */
      const history = new Map<Attempt, string[]>();
      const resendLost = async (a: Attempt) => {
        const reply = await resend(a);
        resent.set(a, reply);
        history.set(a, [
          ...(history.get(a) ?? []),
          `${reply.status} ${reply.body?.code ?? reply.body?.orderId}`,
        ]);
      };
      for (const a of lost) await resendLost(a);
      // A claim the crash left IN_FLIGHT frees itself after the stale window: wait it out (bounded)
      // only when it happened, then the retry must run exactly once.
      if ([...resent.values()].some((r) => r.body?.code === 'idempotency.in_flight')) {
        await sleep(Math.max(0, killedAt + IN_FLIGHT_STALE_MS + 2_000 - Date.now()));
        for (const [a, r] of resent) {
          if (r.body?.code === 'idempotency.in_flight') await resendLost(a);
        }
      }
      for (const r of resent.values()) {
        expect([201, 409], r.text).toContain(r.status);
        if (r.status === 409) expect(r.body.code).toBe('inventory.insufficient');
      }

      // Every order settles.
      const settled = await pollUntil(
        () => listAllOrders(restarted.url, customers),
        (orders) => orders.every((o) => FINAL_STATUSES.includes(o.status)),
        { deadlineMs: SETTLE_DEADLINE_MS, intervalMs: 500 },
      );
      const unsettled = settled.value.filter((o) => !FINAL_STATUSES.includes(o.status));
      expect(unsettled, `${restarted.output().slice(-2000)}`).toEqual([]);
      const orders = settled.value;

      // No duplicates: every order is one some reply named (all lost requests were answered on resend).
      const named = new Set(
        [...answered.map((a) => a.reply), ...resent.values()].map(orderIdOf).filter(Boolean),
      );
      const orphans = orders.filter((o) => !named.has(o.orderId));
      const lostReport = lost.map((a) => ({
        customer: a.customer.accountId,
        body: a.body,
        resends: history.get(a),
      }));
      expect(
        orphans,
        `orders no reply named (a key that placed two orders?); lost requests: ${JSON.stringify(lostReport)}`,
      ).toEqual([]);
      expect(new Set(orders.map((o) => o.orderId)).size).toBe(orders.length);

      // Stock is conserved: initial = available + units held by live orders.
      const live = new Set(['PENDING', 'INVENTORY_RESERVED', 'PAID']);
      for (const itemId of itemIds) {
        const held = orders
          .filter((o) => live.has(o.status))
          .flatMap((o) => o.items)
          .filter((line) => line.itemId === itemId)
          .reduce((sum, line) => sum + line.quantity, 0);
        const inventory = await client(restarted.url).get(`/api/inventory/${itemId}?view=full`);
        expect(inventory.status).toBe(200);
        expect(inventory.body.availableUnits + held, `item ${itemId}`).toBe(STOCK);
        expect(inventory.body.reservedUnits, `item ${itemId}`).toBe(held);
      }
    },
    TEST_TIMEOUT_MS,
  );
});
