import type { AppContext } from '../context.js';
import { inImmediateTransaction, inTransaction } from '../db/transaction.js';
import { failPayment, applyPaymentResult } from '../domain/orders/payment-results.js';
import { loadOrder } from '../domain/orders/orders.js';
import {
  REQUEST_TOPIC,
  type PaymentRequestEvent,
  type PaymentResultEvent,
} from '../domain/payments/messages.js';
import {
  dueMessages,
  markAttemptFailed,
  markConsumed,
  nextMessageDueAt,
  type OutboxMessage,
} from '../domain/payments/outbox.js';
import {
  duePayments,
  handlePaymentRequest,
  nextSettleAt,
  postponeSettlement,
  settlePayment,
} from '../domain/payments/processor.js';
import type { PaymentRecord } from '../db/repositories/payments.js';

export interface PaymentWorker {
  /** Starts consuming; unprocessed messages left by a crash or restart are picked up at once. */
  start(): void;
  /** Stops the timers and waits for the pass being run, if any. */
  stop(): Promise<void>;
  /** Schedules processing soon (after a transaction wrote to the outbox). */
  kick(): void;
}

/** Attempts before a message is dead-lettered. */
export const MAX_ATTEMPTS = 5;
/**
 * Units of work (messages and settlements) in one pass, which is one transaction: large enough
 * that a backlog drains in few commits, small enough that a pass holds the event loop for a few
 * milliseconds at most between request batches.
 */
export const PASS_LIMIT = 64;
/** Backoff after a failed attempt: 250 ms, 500 ms, 1 s, 2 s … capped. */
const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 30_000;
/** Wait before settling again a payment whose settlement threw. */
const SETTLE_RETRY_MS = BACKOFF_MAX_MS;
/**
 * Longest idle sleep: the worker re-checks at least this often, so messages written by another
 * process on the same database file (or due while the clock jumped) are not left waiting.
 */
const IDLE_POLL_MS = 1000;
const MIN_SLEEP_MS = 5;

type Ctx = Pick<AppContext, 'db' | 'logger' | 'now' | 'paymentDelayMs'>;

export type StepResult =
  | { kind: 'message'; seq: number; topic: string; ok: boolean }
  | { kind: 'settlement'; paymentId: string; ok: boolean }
  | { kind: 'idle' };

/**
 * One pass over what is due, in ONE transaction: up to `limit` units of work, each the oldest
 * due outbox message of its order and topic (consumed by the payments or the orders side by
 * topic, then marked DONE) or a PENDING payment whose delay has passed, in the order the
 * one-at-a-time worker took them (a settlement before a message due no earlier). Each unit runs
 * in a savepoint, so one that throws is undone alone and recorded as failed in the same pass.
 * Throws (and the whole pass rolls back) only when not even a failure can be recorded.
 */
export function runPass(ctx: Ctx, limit = PASS_LIMIT): StepResult[] {
  const { db } = ctx;
  const now = ctx.now();
  return inImmediateTransaction(db, () => {
    const messages = dueMessages(db, now, limit);
    const payments = duePayments(db, now, limit);
    const steps: StepResult[] = [];
    let m = 0;
    let p = 0;
    while (steps.length < limit) {
      const message = messages[m];
      const payment = payments[p];
      if (payment && (!message || (payment.settleAt ?? 0) <= message.availableAt)) {
        steps.push(settle(ctx, payment, now));
        p++;
      } else if (message) {
        steps.push(consume(ctx, message, now));
        m++;
      } else break;
    }
    return steps;
  });
}

/** One unit of work (a pass of one), for tests that drive the worker step by step. */
export const runOnce = (ctx: Ctx): StepResult => runPass(ctx, 1)[0] ?? { kind: 'idle' };

function consume(ctx: Ctx, message: OutboxMessage, now: Date): StepResult {
  try {
    inTransaction(ctx.db, () => {
      deliver(ctx, message, now);
      markConsumed(ctx.db, message.seq);
    });
    return { kind: 'message', seq: message.seq, topic: message.topic, ok: true };
  } catch (error) {
    try {
      recordFailure(ctx, message, error, now);
    } catch (recordError) {
      // Nothing could be written (the database itself is failing): the caller backs off.
      throw new AggregateError(
        [error, recordError],
        `could not record the failure of payment message ${message.seq}`,
      );
    }
    return { kind: 'message', seq: message.seq, topic: message.topic, ok: false };
  }
}

/**
 * A settlement that throws is tried again after SETTLE_RETRY_MS. Left due, it would be the first
 * unit of work again at every pass and hold up every message (as an unrecordable message did).
 * Throws when the payment cannot even be postponed, so the caller backs off.
 */
function settle(ctx: Ctx, payment: PaymentRecord, now: Date): StepResult {
  try {
    inTransaction(ctx.db, () => settlePayment(ctx.db, payment, now));
    return { kind: 'settlement', paymentId: payment.paymentId, ok: true };
  } catch (error) {
    postponeSettlement(ctx.db, payment.paymentId, now.getTime() + SETTLE_RETRY_MS);
    ctx.logger.error(
      {
        err: error,
        paymentId: payment.paymentId,
        orderId: payment.orderId,
        retryInMs: SETTLE_RETRY_MS,
      },
      'payment settlement failed; will retry',
    );
    return { kind: 'settlement', paymentId: payment.paymentId, ok: false };
  }
}

function deliver(ctx: Ctx, message: OutboxMessage, now: Date): void {
  const payload: unknown = JSON.parse(message.payload);
  if (message.topic === REQUEST_TOPIC) {
    const outcome = handlePaymentRequest(
      ctx.db,
      payload as PaymentRequestEvent,
      now,
      ctx.paymentDelayMs,
    );
    ctx.logger.debug(
      { seq: message.seq, orderId: message.orderId, outcome },
      'payment request consumed',
    );
  } else {
    const outcome = applyPaymentResult(ctx.db, payload as PaymentResultEvent, now);
    ctx.logger.debug(
      { seq: message.seq, orderId: message.orderId, outcome },
      'payment result applied',
    );
  }
}

/**
 * A message that throws is retried with exponential backoff; after MAX_ATTEMPTS it is marked
 * DEAD and, so no order waits forever, an order still awaiting payment becomes PAYMENT_FAILED
 * (reason `payment_processing_error`) with its stock released. When that dead-lettering throws
 * too, the message is PARKED with both errors: left due, it would be picked first again at once
 * and hold up every message behind it. Throws only when nothing could be recorded (the database
 * itself failing), so the caller backs off instead of retrying at once.
 */
function recordFailure(ctx: Ctx, message: OutboxMessage, error: unknown, now: Date): void {
  const attempts = message.attempts + 1;
  const dead = attempts >= MAX_ATTEMPTS;
  const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempts - 1));
  const lastError = errorText(error);
  const log = {
    err: error,
    seq: message.seq,
    topic: message.topic,
    orderId: message.orderId,
    attempts,
  };
  const mark = (state: 'PENDING' | 'DEAD' | 'PARKED', text: string) =>
    markAttemptFailed(ctx.db, message.seq, {
      state,
      availableAt: now.getTime() + delay,
      lastError: text.slice(0, 1000),
    });
  if (!dead) {
    mark('PENDING', lastError);
    ctx.logger.warn({ ...log, retryInMs: delay }, 'payment message failed; will retry');
    return;
  }
  try {
    // A savepoint: dead-lettering that throws is undone alone, and the message parked instead.
    inTransaction(ctx.db, () => {
      if (!mark('DEAD', lastError)) return;
      const order = loadOrder(ctx.db, message.orderId);
      if (order) failPayment(ctx.db, order, 'payment_processing_error', now);
    });
  } catch (deadLetterError) {
    mark('PARKED', `${lastError}; dead-lettering failed: ${errorText(deadLetterError)}`);
    ctx.logger.error(
      { ...log, deadLetterError },
      'payment message parked: processing and dead-lettering both failed',
    );
    return;
  }
  ctx.logger.error(log, 'payment message dead-lettered after too many attempts');
}

const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** When the next unit of work is due (epoch ms), or null when there is none. */
function nextDueAt(ctx: Ctx): number | null {
  const times = [nextMessageDueAt(ctx.db), nextSettleAt(ctx.db)].filter(
    (t): t is number => t !== null,
  );
  return times.length === 0 ? null : Math.min(...times);
}

/**
 * The in-process stand-in for the hosted Kafka consumers: consumes the outbox at least once
 * (consumers dedupe by messageId) and settles payments after their delay. Timers are unref'd,
 * so a forgotten worker never keeps the process alive.
 */
export function createPaymentWorker(ctx: Ctx): PaymentWorker {
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  /** When `timer` fires (performance.now() ms). */
  let timerAt = 0;
  let running: Promise<void> | undefined;
  let again = false;

  const schedule = (delayMs: number) => {
    if (stopped) return;
    const at = performance.now() + Math.max(0, delayMs);
    // A run already due as soon covers this one: under load every order kicks the worker, and
    // replacing the timer each time is work for nothing.
    if (timer && timerAt <= at) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, Math.max(0, delayMs));
    timer.unref();
    timerAt = at;
  };

  async function drain(): Promise<void> {
    while (!stopped) {
      let steps: StepResult[];
      try {
        steps = runPass(ctx);
      } catch (error) {
        // E.g. the database is busy or closed: back off and try again later.
        ctx.logger.error({ err: error }, 'payment worker step failed');
        schedule(IDLE_POLL_MS);
        return;
      }
      if (steps.length === 0) break;
      // More may be due (a pass's own results are consumed by the next one). The next pass runs on setImmediate, after the requests that
      // arrived meanwhile are served, so under sustained load the two take turns: requests are
      // not held up by a backlog, and the backlog is not starved by requests (a timer would be).
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (stopped) return;
    const next = nextDueAt(ctx);
    const wait = next === null ? IDLE_POLL_MS : next - ctx.now().getTime();
    // The floor keeps a clock skew or a racing writer from turning this into a busy loop.
    schedule(Math.min(IDLE_POLL_MS, Math.max(MIN_SLEEP_MS, wait)));
  }

  function run(): void {
    timer = undefined;
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drain().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        schedule(0);
      }
    });
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    kick() {
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
