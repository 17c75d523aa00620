import type { ServerResponse } from 'node:http';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, watchStatements, type Receiver, type StatementWatch } from '@shop/test-kit';
import { openDatabase, type Db } from '../../db/database.js';
import { insertAccount } from '../../db/repositories/accounts.js';
import { insertDelivery, insertEndpoint } from '../../db/repositories/webhooks.js';
import { inTransaction } from '../../db/transaction.js';
import { appendEvent, listDeliveries, type EventType } from '../events/log.js';
import { createWebhookDeliverer, type WebhookDeliverer } from './deliverer.js';
import { createEndpoint, deleteEndpoint, recoverEndpoint, updateEndpoint } from './endpoints.js';
import { FAST_SCHEDULE_MS } from './schedule.js';

const customer = { accountId: 'acc_customer', role: 'customer' as const };
const admin = { accountId: 'acc_admin', role: 'admin' as const };
const at = '2026-01-05T10:00:00.000Z';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let db: Db;
let watch: StatementWatch;
let deliverer: WebhookDeliverer | undefined;
let receiver: Receiver | undefined;

beforeEach(() => {
  db = openDatabase(':memory:');
  // Before any repository prepares on this handle, so every statement is seen.
  watch = watchStatements(db);
  for (const who of [customer, admin])
    insertAccount(db, {
      accountId: who.accountId,
      email: `${who.accountId}@example.com`,
      username: who.accountId,
      passwordHash: 'x',
      passwordVersion: 1,
      shippingAddress: null,
      billingAddress: null,
      paymentMethod: 'CREDIT_CARD',
      role: who.role,
      createdAt: at,
      updatedAt: at,
    });
});

afterEach(async () => {
  await deliverer?.stop();
  deliverer = undefined;
  await receiver?.close();
  receiver = undefined;
  watch.stop();
  db.close();
});

/** Appends an event of the customer's in its own transaction; returns its seq. */
const append = (type: EventType = 'order.created'): number =>
  inTransaction(db, () =>
    appendEvent(db, {
      type,
      accountId: customer.accountId,
      orderId: 'ord_1',
      requestId: null,
      createdAt: at,
      data: { object: { orderId: 'ord_1' } },
    }),
  ).seq;

/** The endpoints the event's deliveries were queued for. */
const routedTo = (seq: number): string[] =>
  db
    .prepare<[number], string>(
      'SELECT endpoint_id FROM webhook_deliveries WHERE event_seq = ? ORDER BY endpoint_id',
    )
    .pluck()
    .all(seq);

/** An endpoint of the customer's for order events. */
const hookCustomer = (url: string) =>
  createEndpoint(db, customer, { url, events: ['order.*'] }, new Date(), true);

function startDeliverer(timeoutMs?: number): WebhookDeliverer {
  deliverer = createWebhookDeliverer(
    { db, logger: pino({ level: 'silent' }), now: () => new Date() },
    {
      schedule: FAST_SCHEDULE_MS,
      dev: true,
      retentionMs: 30 * 86_400_000,
      version: 'test',
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    },
  );
  deliverer.start();
  return deliverer;
}

describe('the webhook deliverer', () => {
  it('does no work of its own for events nobody subscribes to', async () => {
    startDeliverer();
    await sleep(50);
    watch.ran.length = 0;
    for (let i = 0; i < 20; i++) append();
    // Longer than the deliverer's poll while deliveries are pending.
    await sleep(1500);
    const besidesTheLog = watch.ran.filter((sql) => !sql.startsWith('INSERT INTO events'));
    // One read of the enabled endpoints, kept for the events after it; nothing else at all.
    expect(besidesTheLog).toHaveLength(1);
    expect(besidesTheLog[0]).toMatch(/FROM webhook_endpoints WHERE status = 'enabled'/);
  });

  it('wakes for a queued delivery, and when a disabled endpoint is enabled again', async () => {
    receiver = await startReceiver((_request, response) => {
      response.statusCode = 204;
      response.end();
    });
    startDeliverer();
    const endpoint = await hookCustomer(receiver.url);
    const first = append();
    await receiver.waitFor(1);
    await updateEndpoint(
      db,
      customer,
      endpoint.endpointId,
      { status: 'disabled' },
      new Date(),
      true,
    );
    // A delivery pending while its endpoint is disabled waits for it to come back.
    inTransaction(db, () =>
      insertDelivery(db, {
        deliveryId: 'dlv_held',
        eventSeq: first,
        endpointId: endpoint.endpointId,
        orderKey: null,
        state: 'pending',
        attempts: 0,
        nextAttemptMs: 0,
        createdMs: 0,
      }),
    );
    await sleep(1200);
    expect(receiver.received).toHaveLength(1);
    await updateEndpoint(
      db,
      customer,
      endpoint.endpointId,
      { status: 'enabled' },
      new Date(),
      true,
    );
    await receiver.waitFor(2);
  });
});

/** The event's recorded attempts, as [status code, error]. */
const recorded = (seq: number): [number | null, string | null][] =>
  db
    .prepare<[number], { status_code: number | null; error: string | null }>(
      `SELECT a.status_code, a.error FROM webhook_attempts a
       JOIN webhook_deliveries d ON d.delivery_id = a.delivery_id WHERE d.event_seq = ?`,
    )
    .all(seq)
    .map((a) => [a.status_code, a.error]);

describe('what an attempt costs', () => {
  it('reads no endpoint row: the enabled endpoint comes from memory', async () => {
    receiver = await startReceiver((_request, response) => {
      response.statusCode = 204;
      response.end();
    });
    startDeliverer();
    await hookCustomer(receiver.url);
    await sleep(50);
    watch.ran.length = 0;
    const seqs = Array.from({ length: 10 }, () => append());
    await receiver.waitFor(10);
    for (let i = 0; i < 200 && recorded(seqs.at(-1)!).length === 0; i++) await sleep(10);
    expect(seqs.map(recorded)).toEqual(seqs.map(() => [[204, null]]));
    const endpointReads = watch.ran.filter((sql) =>
      /FROM webhook_endpoints WHERE endpoint_id = \?/.test(sql),
    );
    expect(endpointReads).toEqual([]);
  });

  it('sends an attempt once while its outcome waits to be written, however often it wakes', async () => {
    receiver = await startReceiver((_index, response) => {
      response.statusCode = 204;
      response.end();
    });
    startDeliverer();
    await hookCustomer(receiver.url);
    // Each event wakes the deliverer (a new delivery row) while the earlier ones' outcomes may
    // still be waiting for their batch to be written.
    const seqs = [append()];
    await receiver.waitFor(1);
    for (let i = 0; i < 15; i++) {
      await sleep(4);
      seqs.push(append());
    }
    for (let i = 0; i < 300 && recorded(seqs.at(-1)!).length === 0; i++) await sleep(10);
    await sleep(100);
    expect(seqs.map(recorded)).toEqual(seqs.map(() => [[204, null]]));
    const ids = receiver.received.map((r) => r.headers['webhook-id']);
    expect(ids).toHaveLength(seqs.length);
    expect(new Set(ids).size).toBe(seqs.length);
  });

  it('ends an attempt on its timer and records the timeout', async () => {
    const hanging: ServerResponse[] = [];
    receiver = await startReceiver((_request, response) => {
      hanging.push(response);
    });
    startDeliverer(200);
    await hookCustomer(receiver.url);
    const seq = append();
    await receiver.waitFor(1);
    for (let i = 0; i < 200 && recorded(seq).length === 0; i++) await sleep(10);
    expect(recorded(seq)[0]).toEqual([null, 'no answer within 200 ms']);
    for (const response of hanging) response.destroy();
  });

  it('leaves a delivery pending when the server stops while its receiver has not answered', async () => {
    const hanging: ServerResponse[] = [];
    receiver = await startReceiver((_request, response) => {
      hanging.push(response);
    });
    const stopping = startDeliverer();
    await hookCustomer(receiver.url);
    const seq = append();
    await receiver.waitFor(1);
    await stopping.stop();
    deliverer = undefined;
    for (const response of hanging) response.destroy();
    expect(recorded(seq)).toEqual([]);
    const state = db
      .prepare<[number], { state: string; attempts: number }>(
        'SELECT state, attempts FROM webhook_deliveries WHERE event_seq = ?',
      )
      .all(seq);
    expect(state).toEqual([{ state: 'pending', attempts: 0 }]);
  });
});

describe('recovering failed deliveries', () => {
  it('records the recovered attempt after the failed ones, so the delivery ends', async () => {
    let answer = 500;
    receiver = await startReceiver((_request, response) => {
      response.statusCode = answer;
      if (answer === 500) response.setHeader('webhook-delivery', 'abort-message');
      response.end();
    });
    startDeliverer();
    const since = '2026-01-01T00:00:00.000Z'; // before the events' createdAt
    const endpoint = await hookCustomer(receiver.url);
    const seq = append();
    const eventId = db
      .prepare<[number], string>('SELECT event_id FROM events WHERE seq = ?')
      .pluck()
      .get(seq)!;
    const attempts = () => listDeliveries(db, customer, eventId);
    await receiver.waitFor(1);
    for (let i = 0; i < 100 && attempts().length < 1; i++) await sleep(10);
    answer = 204;
    expect(recoverEndpoint(db, customer, endpoint.endpointId, { since }, new Date())).toBe(1);
    await receiver.waitFor(2);
    for (let i = 0; i < 100 && attempts().length < 2; i++) await sleep(10);
    expect(attempts().map((a) => [a.attempt, a.status])).toEqual([
      [1, 'failed'],
      [2, 'succeeded'],
    ]);
    // Recorded, so never sent again.
    await sleep(1200);
    expect(receiver.received).toHaveLength(2);
  });
});

describe('routing an event to endpoints', () => {
  it('follows every endpoint write from the very next event', async () => {
    const now = new Date();
    expect(routedTo(append())).toEqual([]);
    const own = await createEndpoint(
      db,
      customer,
      { url: 'http://127.0.0.1:9/hook', events: ['order.*'] },
      now,
      true,
    );
    expect(routedTo(append())).toEqual([own.endpointId]);
    const all = await createEndpoint(
      db,
      admin,
      { url: 'http://127.0.0.1:9/all', events: ['*'], scope: 'all' },
      now,
      true,
    );
    expect(routedTo(append())).toEqual([own.endpointId, all.endpointId].sort());

    await updateEndpoint(db, customer, own.endpointId, { events: ['payment.*'] }, now, true);
    expect(routedTo(append())).toEqual([all.endpointId]);
    expect(routedTo(append('payment.created'))).toEqual([own.endpointId, all.endpointId].sort());

    await updateEndpoint(db, admin, all.endpointId, { status: 'disabled' }, now, true);
    expect(routedTo(append('payment.created'))).toEqual([own.endpointId]);
    await updateEndpoint(db, admin, all.endpointId, { status: 'enabled' }, now, true);
    expect(routedTo(append())).toEqual([all.endpointId]);

    deleteEndpoint(db, admin, all.endpointId);
    expect(routedTo(append())).toEqual([]);
  });

  it('forgets an endpoint whose transaction rolled back', () => {
    const record = {
      endpointId: 'we_rolled_back',
      accountId: customer.accountId,
      url: 'http://127.0.0.1:9/hook',
      events: ['*'],
      description: null,
      scope: 'own' as const,
      status: 'enabled' as const,
      disabledReason: null,
      secret: 'whsec_AAAA',
      oldSecret: null,
      oldSecretExpiresMs: null,
      failingSinceMs: null,
      createdAt: at,
      updatedAt: at,
    };
    expect(() =>
      inTransaction(db, () => {
        insertEndpoint(db, record);
        // Inside its transaction the new endpoint is seen…
        expect(routedTo(append())).toEqual([record.endpointId]);
        throw new Error('the change failed');
      }),
    ).toThrow('the change failed');
    // …and after the rollback, in the same turn and later, it is not.
    expect(routedTo(append())).toEqual([]);
  });
});
