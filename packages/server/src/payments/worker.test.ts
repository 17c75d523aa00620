import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.js';
import { DUE_MESSAGES_SQL } from '../db/repositories/outbox.js';
import type { DomainError } from '../domain/errors.js';
import { applyInventoryOperation } from '../domain/inventory/operations.js';
import { cancelOrder, createOrder, getOrder } from '../domain/orders/orders.js';
import {
  insertAccount,
  insertItem,
  openTestDb,
  specSchemaValidator,
  stockOf,
} from '../../test/domain-fixtures.js';
import { getPayment, listPayments, refundPayment } from '../domain/payments/payments.js';
import { handlePaymentRequest, settleDelayMs } from '../domain/payments/processor.js';
import { inTransaction } from '../db/transaction.js';
import {
  createPaymentWorker,
  MAX_ATTEMPTS,
  PASS_LIMIT,
  runOnce,
  runPass,
  type StepResult,
} from './worker.js';

const DELAY = 300;

interface Message {
  seq: number;
  topic: string;
  state: string;
  attempts: number;
  payload: Record<string, unknown>;
}

describe('payment worker (driven step by step on a manual clock)', () => {
  let db: Db;
  let clock: number;
  let ctx: Parameters<typeof runOnce>[0];

  beforeEach(() => {
    db = openTestDb();
    clock = Date.parse('2026-05-06T07:08:09.000Z');
    ctx = {
      db,
      logger: pino({ level: 'silent' }),
      now: () => new Date(clock),
      paymentDelayMs: DELAY,
    };
  });
  afterEach(() => db.close());

  /** Runs every unit of work that is due now; returns the steps taken. */
  const drain = (): StepResult[] => {
    const steps: StepResult[] = [];
    for (let step = runOnce(ctx); step.kind !== 'idle'; step = runOnce(ctx)) steps.push(step);
    return steps;
  };
  const messages = (): Message[] =>
    (
      db
        .prepare('SELECT seq, topic, state, attempts, payload FROM outbox ORDER BY seq')
        .all() as (Omit<Message, 'payload'> & { payload: string })[]
    ).map((m) => ({ ...m, payload: JSON.parse(m.payload) as Record<string, unknown> }));
  const place = (paymentMethod: string, units = 5, quantity = 2) => {
    const accountId = insertAccount(db, paymentMethod);
    const itemId = insertItem(db, { units, priceCents: 1250 });
    const order = createOrder(db, { accountId, items: [{ itemId, quantity }] }, new Date(clock));
    return { accountId, itemId, order };
  };

  it('drains a backlog in passes of PASS_LIMIT units, in seq order', () => {
    const placed = Array.from({ length: PASS_LIMIT + 6 }, () => place('pm_card_visa'));
    const first = runPass(ctx);
    expect(first).toHaveLength(PASS_LIMIT);
    const seqs = first.map((step) => (step.kind === 'message' ? step.seq : -1));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(messages().filter((m) => m.state === 'DONE')).toHaveLength(PASS_LIMIT);
    expect(runPass(ctx)).toHaveLength(6);
    expect(runPass(ctx)).toEqual([]);
    for (const { accountId, order } of placed) {
      expect(getOrder(db, accountId, order.orderId).paymentId).not.toBeNull();
    }
  });

  it('a pass is one transaction: when it cannot record a failure it rolls back whole, and is redone later', () => {
    place('pm_card_visa');
    place('pm_card_visa');
    // The first message is consumed; the second fails, and so does recording its failure.
    db.exec(`CREATE TRIGGER outbox_stuck BEFORE UPDATE ON outbox
               WHEN OLD.seq = (SELECT MAX(seq) FROM outbox)
               BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    expect(() => runPass(ctx)).toThrow(/could not record the failure/);
    expect(db.prepare('SELECT COUNT(*) FROM payments').pluck().get()).toBe(0);
    db.exec('DROP TRIGGER outbox_stuck');
    expect(runPass(ctx)).toHaveLength(2);
    expect(db.prepare('SELECT COUNT(*) FROM payments').pluck().get()).toBe(2);
  });

  it('creates the payment PENDING, then settles it SUCCESS after the delay: order PAID', () => {
    const { accountId, order, itemId } = place('pm_card_visa');
    drain();
    const pending = getOrder(db, accountId, order.orderId);
    expect(pending.status).toBe('INVENTORY_RESERVED');
    expect(pending.paymentId).not.toBeNull();
    const payment = getPayment(db, accountId, pending.paymentId ?? '');
    expect(payment).toMatchObject({
      status: 'PENDING',
      amount: 25,
      paymentMethod: 'pm_card_visa',
      orderId: order.orderId,
    });

    clock += DELAY - 1;
    expect(drain()).toEqual([]);
    clock += 1;
    expect(drain().map((s) => s.kind)).toEqual(['settlement', 'message']);
    expect(getOrder(db, accountId, order.orderId)).toMatchObject({
      status: 'PAID',
      paymentId: payment.paymentId,
    });
    expect(getPayment(db, accountId, payment.paymentId).status).toBe('SUCCESS');
    expect(stockOf(db, itemId)).toEqual({ available_units: 3, reserved_units: 2 });

    const all = messages();
    expect(all.map((m) => [m.topic, m.state])).toEqual([
      ['payment-request-events', 'DONE'],
      ['payment-result-events', 'DONE'],
    ]);
    expect(all[1]?.payload).toMatchObject({
      orderId: order.orderId,
      paymentId: payment.paymentId,
      status: 'SUCCESS',
      amount: 25,
    });
    expect(specSchemaValidator('PaymentResultEvent')(all[1]?.payload)).toBeNull();
    expect(specSchemaValidator('Payment')(payment)).toBeNull();
  });

  it('declines pm_card_declined: payment FAILED card_declined, order PAYMENT_FAILED, stock back', () => {
    const { accountId, order, itemId } = place('pm_card_declined');
    drain();
    clock += DELAY;
    drain();
    const failed = getOrder(db, accountId, order.orderId);
    expect(failed).toMatchObject({ status: 'PAYMENT_FAILED', failureReason: 'card_declined' });
    expect(getPayment(db, accountId, failed.paymentId ?? '')).toMatchObject({
      status: 'FAILED',
      failureReason: 'card_declined',
    });
    expect(stockOf(db, itemId)).toEqual({ available_units: 5, reserved_units: 0 });
    const result = messages()[1]?.payload;
    expect(result).toMatchObject({ status: 'FAILED', failureReason: 'card_declined' });
    expect(specSchemaValidator('PaymentResultEvent')(result)).toBeNull();
  });

  it('keeps pm_card_slow PENDING for max(3000 ms, 10 × delay)', () => {
    expect(settleDelayMs('pm_card_slow', 0)).toBe(3000);
    expect(settleDelayMs('pm_card_slow', 500)).toBe(5000);
    expect(settleDelayMs('pm_card_visa', 500)).toBe(500);
    const { accountId, order } = place('pm_card_slow');
    drain();
    clock += 2999;
    drain();
    expect(getOrder(db, accountId, order.orderId).status).toBe('INVENTORY_RESERVED');
    clock += 1;
    drain();
    expect(getOrder(db, accountId, order.orderId).status).toBe('PAID');
  });

  it('handles the same payment request message twice as once: one payment', () => {
    const { order } = place('pm_card_visa');
    const [request] = messages();
    const event = request?.payload as unknown as Parameters<typeof handlePaymentRequest>[1];
    const now = new Date(clock);
    // The worker calls it inside its transaction (the payment's event is written there too).
    const handle = (message: typeof event) =>
      inTransaction(db, () => handlePaymentRequest(db, message, now, DELAY));
    expect(handle(event)).toBe('created');
    expect(handle(event)).toBe('duplicate');
    // A different message asking for the same order's payment does not create a second one.
    expect(handle({ ...event, messageId: randomUUID() })).toBe('noop');
    expect(
      db.prepare('SELECT COUNT(*) FROM payments WHERE order_id = ?').pluck().get(order.orderId),
    ).toBe(1);
  });

  it('applies the same result message once', () => {
    const { accountId, order, itemId } = place('pm_card_declined');
    drain();
    clock += DELAY;
    drain();
    const result = messages()[1];
    expect(result).toMatchObject({ topic: 'payment-result-events', state: 'DONE' });
    // Deliver the consumed FAILED result again, as after a lost acknowledgement: no second release.
    db.prepare(`UPDATE outbox SET state = 'PENDING' WHERE seq = ?`).run(result?.seq);
    expect(drain()).toEqual([expect.objectContaining({ kind: 'message', ok: true })]);
    expect(getOrder(db, accountId, order.orderId).status).toBe('PAYMENT_FAILED');
    expect(stockOf(db, itemId)).toEqual({ available_units: 5, reserved_units: 0 });
    expect(db.prepare('SELECT COUNT(*) FROM applied_results').pluck().get()).toBe(1);
  });

  it('voids a PENDING payment when the order is cancelled; the order stays CANCELLED', () => {
    const { accountId, order, itemId } = place('pm_card_visa');
    drain();
    cancelOrder(db, accountId, order.orderId, new Date(clock));
    drain();
    clock += DELAY;
    drain();
    const cancelled = getOrder(db, accountId, order.orderId);
    expect(cancelled.status).toBe('CANCELLED');
    const payment = getPayment(db, accountId, cancelled.paymentId ?? '');
    expect(payment).toMatchObject({
      status: 'REFUNDED',
      refundedAt: new Date(clock - DELAY).toISOString(),
    });
    expect(stockOf(db, itemId)).toEqual({ available_units: 5, reserved_units: 0 });
  });

  it('a pass that voids a payment does not settle it afterwards: the cancel and the due settlement in one pass', () => {
    const { accountId, order, itemId } = place('pm_card_visa');
    drain(); // payment PENDING, due at +DELAY
    cancelOrder(db, accountId, order.orderId, new Date(clock));
    // The worker wakes late (a loaded machine): the CANCEL_PAYMENT and the settlement are both
    // due, and one pass takes them in that order.
    clock += DELAY;
    expect(runPass(ctx).map((s) => s.kind)).toEqual(['message', 'settlement']);
    drain();
    const cancelled = getOrder(db, accountId, order.orderId);
    expect(cancelled.status).toBe('CANCELLED');
    expect(getPayment(db, accountId, cancelled.paymentId ?? '')).toMatchObject({
      status: 'REFUNDED',
      refundedAt: new Date(clock).toISOString(),
    });
    expect(stockOf(db, itemId)).toEqual({ available_units: 5, reserved_units: 0 });
    expect(messages().map((m) => m.payload.status ?? m.payload.action)).toEqual([
      'CREATE_PAYMENT',
      'CANCEL_PAYMENT',
      'REFUNDED',
    ]);
  });

  it('leaves a CANCELLED order CANCELLED when SUCCESS arrives, and the CANCEL_PAYMENT refunds the payment', () => {
    const { accountId, order, itemId } = place('pm_card_visa');
    drain(); // payment PENDING
    clock += DELAY;
    runOnce(ctx); // settled SUCCESS; its result is not consumed yet
    cancelOrder(db, accountId, order.orderId, new Date(clock));
    drain();
    const cancelled = getOrder(db, accountId, order.orderId);
    expect(cancelled.status).toBe('CANCELLED');
    expect(getPayment(db, accountId, cancelled.paymentId ?? '').status).toBe('REFUNDED');
    expect(stockOf(db, itemId)).toEqual({ available_units: 5, reserved_units: 0 });
    expect(messages().map((m) => m.payload.status ?? m.payload.action)).toEqual([
      'CREATE_PAYMENT',
      'SUCCESS',
      'CANCEL_PAYMENT',
      'REFUNDED',
    ]);
  });

  it('cancelling a PAID order refunds it: order REFUNDED with stock restored', () => {
    const { accountId, order, itemId } = place('pm_card_visa');
    drain();
    clock += DELAY;
    drain();
    const { order: accepted, accepted: isAccepted } = cancelOrder(
      db,
      accountId,
      order.orderId,
      new Date(clock),
    );
    expect(isAccepted).toBe(true);
    expect(accepted.status).toBe('PAID');
    drain();
    expect(getOrder(db, accountId, order.orderId).status).toBe('REFUNDED');
    expect(stockOf(db, itemId)).toEqual({ available_units: 5, reserved_units: 0 });
  });

  it('refunds through the REST path: payment REFUNDED at once, order REFUNDED after the result', () => {
    const { accountId, order, itemId } = place('pm_card_visa');
    drain();
    clock += DELAY;
    drain();
    const paymentId = getOrder(db, accountId, order.orderId).paymentId ?? '';
    const refunded = refundPayment(db, accountId, paymentId, new Date(clock));
    expect(refunded).toMatchObject({
      status: 'REFUNDED',
      amount: 25,
      refundedAt: new Date(clock).toISOString(),
    });
    clock += 5;
    expect(refundPayment(db, accountId, paymentId, new Date(clock))).toEqual(refunded);
    expect(getOrder(db, accountId, order.orderId).status).toBe('PAID');
    drain();
    expect(getOrder(db, accountId, order.orderId).status).toBe('REFUNDED');
    expect(stockOf(db, itemId)).toEqual({ available_units: 5, reserved_units: 0 });
    const refundResult = messages().at(-1)?.payload;
    expect(refundResult).toMatchObject({ status: 'REFUNDED', paymentId, amount: 25 });
    expect(specSchemaValidator('PaymentResultEvent')(refundResult)).toBeNull();
    expect(
      listPayments(db, accountId, { page: 0, size: 20, orderId: order.orderId }).content,
    ).toEqual([refunded]);
  });

  it('refuses to refund PENDING and FAILED payments, and hides other accounts’ payments', () => {
    const pending = place('pm_card_visa');
    drain();
    const pendingId = getOrder(db, pending.accountId, pending.order.orderId).paymentId ?? '';
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return (error as DomainError).code;
      }
      return undefined;
    };
    expect(code(() => refundPayment(db, pending.accountId, pendingId, new Date(clock)))).toBe(
      'payment.not_refundable',
    );
    expect(code(() => getPayment(db, insertAccount(db), pendingId))).toBe('payment.not_found');
    expect(code(() => refundPayment(db, insertAccount(db), pendingId, new Date(clock)))).toBe(
      'payment.not_found',
    );
    const declined = place('pm_card_declined');
    drain();
    clock += DELAY;
    drain();
    const failedId = getOrder(db, declined.accountId, declined.order.orderId).paymentId ?? '';
    expect(code(() => refundPayment(db, declined.accountId, failedId, new Date(clock)))).toBe(
      'payment.not_refundable',
    );
  });

  it('retries a failing message with backoff, then dead-letters it and fails the order', () => {
    const { accountId, order, itemId } = place('pm_card_visa');
    // Corrupt the request so the payments side throws on it.
    db.prepare(`UPDATE outbox SET payload = json_remove(payload, '$.amount')`).run();
    const other = place('pm_card_visa');
    const attemptsAt: number[] = [];
    for (let i = 0; i < 400 && attemptsAt.length < MAX_ATTEMPTS; i++) {
      for (const step of drain()) {
        if (step.kind === 'message' && !step.ok) attemptsAt.push(clock);
      }
      clock += 50;
    }
    expect(attemptsAt).toHaveLength(MAX_ATTEMPTS);
    const gaps = attemptsAt.slice(1).map((t, i) => t - (attemptsAt[i] ?? 0));
    expect(gaps).toEqual([...gaps].sort((a, b) => a - b)); // non-decreasing backoff
    expect(gaps[0]).toBeGreaterThan(0);
    const dead = messages()[0];
    expect(dead).toMatchObject({ state: 'DEAD', attempts: MAX_ATTEMPTS });
    expect(getOrder(db, accountId, order.orderId)).toMatchObject({
      status: 'PAYMENT_FAILED',
      failureReason: 'payment_processing_error',
    });
    expect(stockOf(db, itemId)).toEqual({ available_units: 5, reserved_units: 0 });
    // The broken message never held up the other order.
    clock += DELAY;
    drain();
    expect(getOrder(db, other.accountId, other.order.orderId).status).toBe('PAID');
  });

  /** A client RELEASE of one unit under the id format the server uses for the order's own. */
  const releaseOneWithOrderFormatId = (orderId: string, itemId: string) =>
    applyInventoryOperation(
      db,
      {
        itemId,
        orderId,
        type: 'RELEASE',
        quantity: 1,
        operationId: `${orderId}:${itemId}:release`,
      },
      new Date(clock),
    );

  it('fails a declined order after a client took its release id: later orders still get paid', () => {
    const declined = place('pm_card_declined', 10, 3);
    releaseOneWithOrderFormatId(declined.order.orderId, declined.itemId);
    const later = place('pm_card_visa');
    drain();
    clock += DELAY;
    drain();
    expect(getOrder(db, declined.accountId, declined.order.orderId).status).toBe('PAYMENT_FAILED');
    expect(stockOf(db, declined.itemId)).toEqual({ available_units: 10, reserved_units: 0 });
    expect(getOrder(db, later.accountId, later.order.orderId).status).toBe('PAID');
    expect(messages().every((m) => m.state === 'DONE')).toBe(true);
  });

  it('refunds a paid order after a client took its release id: payment and order both REFUNDED', () => {
    const { accountId, order, itemId } = place('pm_card_visa', 10, 3);
    drain();
    clock += DELAY;
    drain();
    releaseOneWithOrderFormatId(order.orderId, itemId);
    const paymentId = getOrder(db, accountId, order.orderId).paymentId ?? '';
    expect(refundPayment(db, accountId, paymentId, new Date(clock)).status).toBe('REFUNDED');
    drain();
    expect(getOrder(db, accountId, order.orderId).status).toBe('REFUNDED');
    expect(stockOf(db, itemId)).toEqual({ available_units: 10, reserved_units: 0 });
  });

  it('parks a message whose processing and dead-lettering both fail; it blocks nothing', () => {
    const records: { level: number; seq?: number; msg: string }[] = [];
    ctx.logger = pino(
      { level: 'debug' },
      { write: (line: string) => records.push(JSON.parse(line) as (typeof records)[number]) },
    );
    const broken = place('pm_card_visa');
    db.prepare(`UPDATE outbox SET payload = json_remove(payload, '$.amount')`).run();
    // Dead-lettering fails too: the order cannot be moved to PAYMENT_FAILED.
    db.exec(`CREATE TRIGGER no_fail BEFORE UPDATE OF status ON orders
               WHEN NEW.order_id = '${broken.order.orderId}' AND NEW.status = 'PAYMENT_FAILED'
               BEGIN SELECT RAISE(ABORT, 'order is locked'); END`);
    const [brokenMessage] = messages();
    const other = place('pm_card_visa');
    let failures = 0;
    for (let i = 0; i < 400; i++) {
      for (let n = 0; n < 20; n++) {
        const step = runOnce(ctx);
        if (step.kind === 'idle') break;
        if (step.kind === 'message' && !step.ok) failures++;
      }
      clock += 50;
    }
    expect(failures).toBe(MAX_ATTEMPTS);
    const parked = db
      .prepare('SELECT state, attempts, last_error FROM outbox WHERE seq = ?')
      .get(brokenMessage?.seq) as { state: string; attempts: number; last_error: string };
    expect(parked).toMatchObject({ state: 'PARKED', attempts: MAX_ATTEMPTS });
    expect(parked.last_error).toMatch(/has no amount; dead-lettering failed: order is locked/);
    expect(getOrder(db, other.accountId, other.order.orderId).status).toBe('PAID');
    // One warning per retry and one error for parking: no log line per spin.
    const aboutBroken = records.filter((r) => r.seq === brokenMessage?.seq && r.level >= 40);
    expect(aboutBroken.map((r) => r.msg)).toEqual([
      ...Array<string>(MAX_ATTEMPTS - 1).fill('payment message failed; will retry'),
      'payment message parked: processing and dead-lettering both failed',
    ]);
  });

  it("consumes one order's messages in order: a later one waits behind one in backoff", () => {
    const { accountId, order } = place('pm_card_visa');
    db.prepare(`UPDATE outbox SET payload = json_remove(payload, '$.amount')`).run();
    cancelOrder(db, accountId, order.orderId, new Date(clock));
    expect(drain()).toEqual([expect.objectContaining({ kind: 'message', ok: false })]);
    expect(messages().map((m) => [m.payload.action, m.state])).toEqual([
      ['CREATE_PAYMENT', 'PENDING'],
      ['CANCEL_PAYMENT', 'PENDING'],
    ]);
    for (let i = 0; i < 400 && messages().some((m) => m.state === 'PENDING'); i++) {
      drain();
      clock += 50;
    }
    expect(messages().map((m) => [m.payload.action, m.state])).toEqual([
      ['CREATE_PAYMENT', 'DEAD'],
      ['CANCEL_PAYMENT', 'DONE'],
    ]);
    expect(getOrder(db, accountId, order.orderId).status).toBe('CANCELLED');
  });

  it('runs on its own timers: start picks up waiting work, stop resolves', async () => {
    const { accountId, order } = place('pm_card_visa');
    const worker = createPaymentWorker({ ...ctx, now: () => new Date(), paymentDelayMs: 5 });
    worker.start();
    worker.kick();
    let status = getOrder(db, accountId, order.orderId).status;
    for (let i = 0; i < 200 && status !== 'PAID'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      status = getOrder(db, accountId, order.orderId).status;
    }
    await worker.stop();
    expect(status).toBe('PAID');
  });

  it('postpones a settlement that throws instead of letting it hold up every message', () => {
    const stuck = place('pm_card_visa');
    drain();
    db.exec(`CREATE TRIGGER settle_stuck BEFORE UPDATE OF status ON payments
               WHEN NEW.order_id = '${stuck.order.orderId}' AND NEW.status = 'SUCCESS'
               BEGIN SELECT RAISE(ABORT, 'ledger offline'); END`);
    clock += DELAY;
    const other = place('pm_card_visa');
    const steps: StepResult[] = [];
    for (let i = 0; i < 50; i++) {
      const step = runOnce(ctx);
      if (step.kind === 'idle') break;
      steps.push(step);
    }
    expect(steps.filter((s) => s.kind === 'settlement' && !s.ok)).toHaveLength(1);
    expect(getOrder(db, other.accountId, other.order.orderId).paymentId).not.toBeNull();
    clock += DELAY;
    drain();
    expect(getOrder(db, other.accountId, other.order.orderId).status).toBe('PAID');
    // Retried after its back-off; once the cause is gone it settles.
    db.exec('DROP TRIGGER settle_stuck');
    clock += 60_000;
    drain();
    expect(getOrder(db, stuck.accountId, stuck.order.orderId).status).toBe('PAID');
  });

  it('backs off, not spins, when not even the failure can be recorded', async () => {
    const records: { level: number; msg: string }[] = [];
    const logger = pino(
      { level: 'debug' },
      { write: (line: string) => records.push(JSON.parse(line) as (typeof records)[number]) },
    );
    place('pm_card_visa');
    db.prepare(`UPDATE outbox SET payload = json_remove(payload, '$.amount')`).run();
    db.exec(`CREATE TRIGGER outbox_stuck BEFORE UPDATE ON outbox
               BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    const worker = createPaymentWorker({ ...ctx, logger });
    worker.start();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await worker.stop();
    const complaints = records.filter((r) => r.level >= 40);
    // One attempt at start and one a back-off step (1 s) later; a spinning worker logs thousands.
    expect(complaints.length).toBeGreaterThanOrEqual(1);
    expect(complaints.length).toBeLessThanOrEqual(3);
    expect(complaints.every((r) => r.msg === 'payment worker step failed')).toBe(true);
  });

  it('consumes a result for an unknown order without retrying it forever', () => {
    db.prepare(
      `INSERT INTO outbox (message_id, topic, order_id, payload, available_at, created_at)
                VALUES (?, 'payment-result-events', ?, ?, ?, ?)`,
    ).run(
      randomUUID(),
      'missing',
      JSON.stringify({
        messageId: randomUUID(),
        orderId: randomUUID(),
        paymentId: randomUUID(),
        status: 'SUCCESS',
        amount: 1,
        timestamp: clock,
      }),
      clock,
      new Date(clock).toISOString(),
    );
    expect(drain()).toEqual([expect.objectContaining({ ok: true })]);
    expect(db.prepare(`SELECT state FROM outbox`).pluck().get()).toBe('DONE');
  });
});

describe("the worker's queries", () => {
  it('find the next due message in seq order, without sorting every pending one', () => {
    const db = openTestDb();
    try {
      // The SQL of the very statement the worker runs, planned by SQLite.
      const plan = (
        db.prepare(`EXPLAIN QUERY PLAN ${DUE_MESSAGES_SQL}`).all(Date.now(), 64) as {
          detail: string;
        }[]
      )
        .map((row) => row.detail)
        .join('\n');
      expect(plan).toContain('USING INDEX outbox_pending_seq');
      expect(plan).not.toContain('TEMP B-TREE');
    } finally {
      db.close();
    }
  });
});
