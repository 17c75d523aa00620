import { Agent } from 'undici';
import type { Logger } from 'pino';
import type { Db } from '../../db/database.js';
import { findEventBySeq } from '../../db/repositories/events.js';
import {
  dueDeliveries,
  enabledEndpoint,
  findDelivery,
  findEndpoint,
  insertAttempt,
  nextDeliveryDueMs,
  saveEndpoint,
  updateDelivery,
  type DeliveryRecord,
  type WebhookEndpointRecord,
} from '../../db/repositories/webhooks.js';
import { inImmediateTransaction, inTransaction } from '../../db/transaction.js';
import { appendEvent, pruneEvents, toEventJson } from '../events/log.js';
import { onDeliveries } from '../events/notifier.js';
import { toWebhookEndpoint } from './endpoints.js';
import { breakSignatures, signatureHeader } from './signing.js';
import { delayBefore } from './schedule.js';
import { guardedLookup, isPublicAddress } from './url-guard.js';
import ipaddr from 'ipaddr.js';

/** A receiver gets this long to answer (Standard Webhooks' recommendation). */
const DELIVERY_TIMEOUT_MS = 15_000;
/** Attempts in flight at once per endpoint: a slow receiver is not flooded, others not held. */
const PER_ENDPOINT_CONCURRENCY = 4;
/** `Retry-After` is honoured up to this. */
const MAX_RETRY_AFTER_MS = 3600_000;
/** An endpoint failing every attempt this long is disabled. */
const FAILING_DISABLE_MS = 5 * 24 * 3600_000;
/**
 * While deliveries are pending the deliverer re-checks at least this often: the server's clock
 * is injectable and may jump. With none pending it sleeps until a delivery is queued.
 */
const PENDING_POLL_MS = 1000;
/**
 * Retention runs this often by the server's clock (checked every RETENTION_TICK_MS), and at start;
 * a server keeping events for less than two minutes runs it every half retention, so nothing is
 * kept much longer than it said.
 */
const RETENTION_EVERY_MS = 60_000;
const RETENTION_TICK_MS = 1000;
/** What is kept of a response body for the deliveries listing. */
const RESPONSE_KEEP_BYTES = 1024;
/** Due deliveries read at once. */
const DUE_BATCH = 500;
/**
 * Outcomes wait this long for others to share their transaction, whose commit costs more than
 * the rest of recording an outcome; the attempt's slot is free meanwhile.
 */
const OUTCOME_BATCH_MS = 20;
/** …or until this many wait. */
const OUTCOME_BATCH_MAX = 256;
/** Parsed receiver URLs kept, at most. */
const TARGETS_KEPT = 1024;

export interface DelivererOptions {
  schedule: readonly number[];
  /** Loopback and private receivers are allowed (`--dev`). */
  dev: boolean;
  retentionMs: number;
  version: string;
  timeoutMs?: number;
  perEndpoint?: number;
  /** Delivery faults (fault injection): drop, delay, or break the signature of some attempts. */
  faults?: DeliveryFaults | undefined;
  random?: () => number;
}

interface DeliveryFaults {
  rate: number;
  kind: 'drop' | 'delay' | 'bad-signature';
  delayMs: number;
}

export interface WebhookDeliverer {
  start(): void;
  /** Stops picking work, aborts attempts in flight (they stay pending) and waits for them. */
  stop(): Promise<void>;
  kick(): void;
}

/** An attempt's outcome, waiting to be written. */
interface Ended {
  deliveryId: string;
  outcome: Outcome;
}

interface Outcome {
  /** When the attempt was sent and when it ended, on the server's clock (epoch ms). */
  sentMs: number;
  endedMs: number;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseBody: string | null;
  retryAfterMs: number | null;
  abort: boolean;
}

/** What the receiver (or the fault) answered, before it is dated. */
type Result = Omit<Outcome, 'sentMs' | 'endedMs'>;

/**
 * Delivers queued events to webhook endpoints, off the request path: each attempt runs on its
 * own promise, at most `perEndpoint` per endpoint, so a hanging receiver only ever holds its own
 * endpoint's slots. Deliveries of one order to one endpoint go one at a time (the due query).
 */
export function createWebhookDeliverer(
  ctx: { db: Db; logger: Logger; now: () => Date },
  options: DelivererOptions,
): WebhookDeliverer {
  const { db, logger } = ctx;
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const perEndpoint = options.perEndpoint ?? PER_ENDPOINT_CONCURRENCY;
  const random = options.random ?? Math.random;
  const agent = new Agent({
    connect: { lookup: guardedLookup(options.dev), timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const inFlight = new Map<
    string,
    { endpointId: string; done: Promise<void>; abort: AbortController }
  >();
  // Due deliveries read by the last due query and not launched yet. The query reads every due
  // row to order them, so after an attempt the next one comes from here, and the query runs
  // again only when this runs dry (or on a wake-up): once per batch, not once per delivery.
  let ready: DeliveryRecord[] = [];
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let retentionTimer: NodeJS.Timeout | undefined;
  let lastRetentionMs = -Infinity;
  let unsubscribe: (() => void) | undefined;

  const busy = (endpointId: string): number =>
    [...inFlight.values()].filter((f) => f.endpointId === endpointId).length;

  function schedule(delayMs: number): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(pump, Math.max(0, delayMs));
    timer.unref();
  }

  // Reads only: no transaction unless an attempt has an outcome to record.
  function pump(): void {
    timer = undefined;
    if (stopped) return;
    try {
      const nowMs = ctx.now().getTime();
      // In flight, or ended with its outcome waiting for its batch: read as due because the
      // outcome is not written yet; never sent twice.
      ready = dueDeliveries(db, nowMs, DUE_BATCH).filter(
        (d) => !inFlight.has(d.deliveryId) && !recording.has(d.deliveryId),
      );
      launchReady();
      // Due now but not launched (slots full, or behind an earlier event of its order): an
      // attempt's end picks it up. A timer only for what comes due later; polling for the former
      // re-read every pending row every few milliseconds while a batch was in flight.
      const next = nextDeliveryDueMs(db, nowMs);
      if (next !== null) schedule(Math.min(PENDING_POLL_MS, Math.max(5, next - nowMs)));
    } catch (error) {
      logger.error({ err: error }, 'webhook deliverer step failed');
      schedule(PENDING_POLL_MS);
    }
  }

  // Off the order path: an indexed look-up when nothing expired, a write only when something did.
  function applyRetention(): void {
    const now = ctx.now();
    const every = Math.max(
      RETENTION_TICK_MS,
      Math.min(RETENTION_EVERY_MS, options.retentionMs / 2),
    );
    if (now.getTime() - lastRetentionMs < every) return;
    lastRetentionMs = now.getTime();
    try {
      const removed = inImmediateTransaction(db, () => pruneEvents(db, now, options.retentionMs));
      if (removed > 0) logger.info({ removed }, 'events past retention removed');
    } catch (error) {
      logger.error({ err: error }, 'event retention failed');
    }
  }

  /** Launches what the endpoints' free slots take, in the due query's order; true if any. */
  function launchReady(): boolean {
    const waiting: DeliveryRecord[] = [];
    let launched = false;
    for (const delivery of ready) {
      if (busy(delivery.endpointId) >= perEndpoint) waiting.push(delivery);
      else {
        launch(delivery);
        launched = true;
      }
    }
    ready = waiting;
    return launched;
  }

  function launch(delivery: DeliveryRecord): void {
    const abort = new AbortController();
    const done = attempt(delivery, abort)
      .catch((error: unknown) =>
        logger.error(
          { err: error, deliveryId: delivery.deliveryId },
          'webhook attempt failed to record',
        ),
      )
      .finally(() => {
        inFlight.delete(delivery.deliveryId);
        // The next of the batch takes the slot; the query runs again once the batch is spent
        // (that also finds the next event of this order, held back until now). While the
        // outcome waits to be written the query would not see it ended: the write wakes it.
        if (stopped) return;
        if ((ready.length === 0 || !launchReady()) && !recording.has(delivery.deliveryId))
          schedule(0);
      });
    inFlight.set(delivery.deliveryId, { endpointId: delivery.endpointId, done, abort });
  }

  async function attempt(delivery: DeliveryRecord, control: AbortController): Promise<void> {
    const stop = control.signal;
    // From memory: undefined when disabled (or deleted) since it was read as due, and the
    // delivery stays pending until it is enabled again.
    const endpoint = enabledEndpoint(db, delivery.endpointId);
    const record = endpoint && findEventBySeq(db, delivery.eventSeq);
    if (!endpoint || !record) return;
    const body = toEventJson(record);
    const clock = attemptClock(ctx.now().getTime());
    const sentMs = clock();
    const timestamp = Math.floor(sentMs / 1000);
    let signature = signatureHeader(endpoint, record.eventId, timestamp, body, sentMs);
    const fault = options.faults && random() < options.faults.rate ? options.faults : undefined;
    if (fault?.kind === 'bad-signature') signature = breakSignatures(signature);
    if (fault?.kind === 'delay') await sleep(fault.delayMs, stop);
    if (stop.aborted) return;
    const result: Result =
      fault?.kind === 'drop'
        ? {
            statusCode: null,
            durationMs: 0,
            error: 'dropped by fault injection',
            responseBody: null,
            retryAfterMs: null,
            abort: false,
          }
        : await post(
            endpoint,
            body,
            {
              'content-type': 'application/json',
              'user-agent': `shop-webhooks/${options.version}`,
              'webhook-id': record.eventId,
              'webhook-timestamp': String(timestamp),
              'webhook-signature': signature,
              'shop-event-type': record.type,
            },
            control,
            clock,
          );
    // Stopping the server is not the receiver's failure: the delivery stays pending. A timeout
    // aborts the same controller, but is the receiver's failure and is recorded.
    if (stop.aborted && !isTimeout(stop.reason)) return;
    writeLater({
      deliveryId: delivery.deliveryId,
      outcome: { ...result, sentMs, endedMs: clock() },
    });
  }

  // Outcomes that end within OUTCOME_BATCH_MS are written in one transaction: a commit per
  // attempt (or per turn of the event loop, which at a steady order rate held one or two) was
  // the largest part of a delivery's CPU. Until its outcome is written a delivery stays in
  // `recording`, so the due query never reads it as due again meanwhile, and the next event of
  // its order waits for the write (the due query sees the earlier one still pending).
  let unrecorded: Ended[] = [];
  const recording = new Set<string>();
  let flushTimer: NodeJS.Timeout | undefined;

  function writeLater(ended: Ended): void {
    unrecorded.push(ended);
    recording.add(ended.deliveryId);
    if (unrecorded.length >= OUTCOME_BATCH_MAX) writeOutcomes();
    else if (!flushTimer) {
      flushTimer = setTimeout(writeOutcomes, OUTCOME_BATCH_MS);
      flushTimer.unref();
    }
  }

  function writeOutcomes(): void {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    const batch = unrecorded;
    unrecorded = [];
    if (batch.length === 0) return;
    try {
      inImmediateTransaction(db, () => {
        for (const ended of batch) {
          // A savepoint each: one that fails to record does not undo the others.
          try {
            inTransaction(db, () => recordOutcome(ended));
          } catch (error) {
            logger.error(
              { err: error, deliveryId: ended.deliveryId },
              'webhook attempt failed to record',
            );
          }
        }
      });
    } catch (error) {
      logger.error({ err: error }, 'webhook attempts failed to record');
    } finally {
      for (const { deliveryId } of batch) recording.delete(deliveryId);
      // What these outcomes held back (the next event of an order, a retry) may be due now.
      if (!stopped && ready.length === 0) schedule(0);
    }
  }

  // Parsed once per receiver URL, not per attempt.
  const targets = new Map<string, { origin: string; path: string; refused: boolean }>();
  function targetOf(url: string): { origin: string; path: string; refused: boolean } {
    let target = targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      const host = parsed.hostname.replace(/^\[|\]$/g, '');
      target = {
        origin: parsed.origin,
        path: `${parsed.pathname}${parsed.search}`,
        // A literal address never goes through the lookup guard.
        refused: !options.dev && ipaddr.isValid(host) && !isPublicAddress(host),
      };
      if (targets.size >= TARGETS_KEPT) targets.clear();
      targets.set(url, target);
    }
    return target;
  }

  async function post(
    endpoint: WebhookEndpointRecord,
    body: string,
    headers: Record<string, string>,
    control: AbortController,
    clock: () => number,
  ): Promise<Result> {
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    const target = targetOf(endpoint.url);
    if (target.refused)
      return {
        statusCode: null,
        durationMs: 0,
        error: 'address refused outside --dev',
        responseBody: null,
        retryAfterMs: null,
        abort: false,
      };
    // One plain timer on the attempt's own controller: AbortSignal.timeout plus AbortSignal.any
    // cost several times more per attempt. Its reason tells a timeout from a stop.
    const timeout = setTimeout(
      () => control.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')),
      timeoutMs,
    );
    try {
      const response = await agent.request({
        origin: target.origin,
        path: target.path,
        method: 'POST',
        headers,
        body,
        signal: control.signal,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= RESPONSE_KEEP_BYTES) break;
      }
      const text = Buffer.concat(chunks).subarray(0, RESPONSE_KEEP_BYTES).toString('utf8');
      const ok = response.statusCode >= 200 && response.statusCode < 300;
      return {
        statusCode: response.statusCode,
        durationMs: elapsed(),
        error: ok ? null : `HTTP ${response.statusCode}`,
        responseBody: text,
        retryAfterMs:
          response.statusCode === 429 || response.statusCode === 503
            ? retryAfterMs(response.headers['retry-after'], clock())
            : null,
        abort: String(response.headers['webhook-delivery'] ?? '').toLowerCase() === 'abort-message',
      };
    } catch (error) {
      const err = error as { name?: string; code?: string; message?: string };
      const timedOut =
        err.name === 'TimeoutError' ||
        err.code === 'UND_ERR_HEADERS_TIMEOUT' ||
        err.code === 'UND_ERR_BODY_TIMEOUT';
      return {
        statusCode: null,
        durationMs: elapsed(),
        error: timedOut
          ? `no answer within ${timeoutMs} ms`
          : `${err.code ?? err.name ?? 'error'}: ${err.message ?? String(error)}`.slice(0, 1000),
        responseBody: null,
        retryAfterMs: null,
        abort: false,
      };
    } finally {
      clearTimeout(timeout);
    }
  }

  function recordOutcome({ deliveryId, outcome }: Ended): void {
    const delivery = findDelivery(db, deliveryId);
    // Deleted with its endpoint or event meanwhile, or requeued by hand: nothing to record.
    if (!delivery || delivery.state !== 'pending') return;
    const endpoint =
      enabledEndpoint(db, delivery.endpointId) ?? findEndpoint(db, delivery.endpointId);
    if (!endpoint) return;
    // Dated by the attempt, not by this write: the write waits for its batch (and a test's clock
    // may jump meanwhile), which must not count toward the schedule or the 5 days of failing.
    const { sentMs, endedMs } = outcome;
    const attemptNo = delivery.attempts + 1;
    const succeeded =
      outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
    let nextMs: number | null = null;
    if (!succeeded && !outcome.abort && outcome.statusCode !== 410) {
      const delay = delayBefore(options.schedule, attemptNo + 1, random);
      if (delay !== undefined) nextMs = endedMs + (outcome.retryAfterMs ?? delay);
    }
    updateDelivery(db, {
      deliveryId,
      state: succeeded ? 'succeeded' : nextMs === null ? 'failed' : 'pending',
      attempts: attemptNo,
      nextAttemptMs: nextMs ?? delivery.nextAttemptMs,
    });
    insertAttempt(db, {
      deliveryId,
      status: succeeded ? 'succeeded' : 'failed',
      statusCode: outcome.statusCode,
      durationMs: outcome.durationMs,
      error: outcome.error,
      responseBody: outcome.responseBody,
      attemptedAt: new Date(sentMs).toISOString(),
      nextAttemptAt: nextMs === null ? null : new Date(nextMs).toISOString(),
    });
    if (succeeded) {
      if (endpoint.failingSinceMs !== null) saveEndpoint(db, { ...endpoint, failingSinceMs: null });
      return;
    }
    const failingSinceMs = endpoint.failingSinceMs ?? endedMs;
    const now = ctx.now();
    if (outcome.statusCode === 410) disable(endpoint, 'gone', now);
    else if (endedMs - failingSinceMs >= FAILING_DISABLE_MS)
      disable({ ...endpoint, failingSinceMs }, 'failing', now);
    else if (endpoint.failingSinceMs === null) saveEndpoint(db, { ...endpoint, failingSinceMs });
  }

  function disable(endpoint: WebhookEndpointRecord, reason: 'gone' | 'failing', now: Date): void {
    if (endpoint.status === 'disabled') return;
    const next: WebhookEndpointRecord = {
      ...endpoint,
      status: 'disabled',
      disabledReason: reason,
      updatedAt: now.toISOString(),
    };
    saveEndpoint(db, next);
    appendEvent(db, {
      type: 'webhook_endpoint.disabled',
      accountId: endpoint.accountId,
      orderId: null,
      requestId: null,
      createdAt: next.updatedAt,
      data: {
        object: toWebhookEndpoint(next),
        previous: { status: 'enabled', disabledReason: endpoint.disabledReason },
      },
    });
    logger.warn({ endpointId: endpoint.endpointId, reason }, 'webhook endpoint disabled');
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      unsubscribe = onDeliveries(db, () => schedule(0));
      applyRetention();
      retentionTimer = setInterval(applyRetention, RETENTION_TICK_MS);
      retentionTimer.unref();
      schedule(0);
    },
    kick() {
      schedule(0);
    },
    async stop() {
      stopped = true;
      unsubscribe?.();
      if (timer) clearTimeout(timer);
      timer = undefined;
      clearInterval(retentionTimer);
      const running = [...inFlight.values()];
      for (const f of running) f.abort.abort();
      await Promise.all(running.map((f) => f.done));
      // Attempts that ended are recorded now, not resent after a restart.
      writeOutcomes();
      await agent.close();
    },
  };
}

/**
 * The server's clock as one attempt sees it: read once when it starts, then moved on by the time
 * the attempt itself takes (monotonic), so a later jump of the clock belongs to later attempts.
 */
function attemptClock(startMs: number): () => number {
  const started = performance.now();
  return () => startMs + Math.round(performance.now() - started);
}

const isTimeout = (reason: unknown): boolean =>
  reason instanceof DOMException && reason.name === 'TimeoutError';

/** `Retry-After` as seconds or an HTTP date, capped at an hour; null when absent or unreadable. */
function retryAfterMs(header: string | string[] | undefined, nowMs: number): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return null;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - nowMs;
  return Number.isFinite(ms) ? Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms)) : null;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
