import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import type { Db } from '../../db/database.js';
import {
  findIdempotencyRecord,
  purgeExpiredKeys,
  releaseInFlightClaims,
  saveIdempotentResponse,
  type IdempotencyRecord,
  type StoredResponse,
} from '../../db/repositories/idempotency.js';
import { inImmediateTransaction } from '../../db/transaction.js';
import { DomainError, isDomainError } from '../errors.js';

export type { StoredResponse };

/** Keys are kept this long (spec: 24 hours); expired keys are ignored and purged. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * A claim still IN_FLIGHT after this long is taken as abandoned (its process crashed before it
 * could store or release the key) and may be claimed again.
 */
export const IN_FLIGHT_STALE_MS = 60 * 1000;

/** An Idempotency-Key as the caller sent it: per account, for one request (method, path, body). */
export interface IdempotencyKey {
  accountId: string;
  key: string;
  requestHash: string;
}

/** What a command came to: its value, or the domain error that answers it. */
export type Answer<T> = { ok: true; value: T } | { ok: false; error: DomainError };

export interface CommandResponse {
  response: StoredResponse;
  /** True when the response is the stored one of an earlier request with the same key. */
  replayed: boolean;
}

/** sha256 over method, path and the body as canonical JSON (key order does not matter). */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()}\n${path}\n${stringify(body ?? null)}`)
    .digest('hex');
}

/**
 * Runs an unsafe command once per Idempotency-Key, in ONE immediate transaction: look the key
 * up, run `work`, render its answer and store that response. So a crash never leaves the work
 * committed without its response (a retry would run it twice) nor a claim without work, and of
 * concurrent requests with one key exactly one runs, the others replay its bytes.
 *
 * A domain error is an answer, not a failure: what `work` wrote before throwing it (a FAILED
 * order) commits with the rendered problem. Other errors, and domain errors rendered as 5xx,
 * roll everything back and propagate. Responses with status 400 or 5xx are not stored, so a
 * retry with the key runs again. Without a key the command runs the same way, minus the store.
 */
export function runCommand<T>(
  db: Db,
  request: { key: IdempotencyKey | undefined; now: Date },
  work: () => T,
  render: (answer: Answer<T>) => StoredResponse,
): CommandResponse {
  const { key, now } = request;
  return inImmediateTransaction(db, (): CommandResponse => {
    if (key) {
      const stored = findIdempotencyRecord(db, key.accountId, key.key);
      if (stored && isLive(stored, now.getTime())) return replay(stored, key);
    }
    let answer: Answer<T>;
    try {
      answer = { ok: true, value: work() };
    } catch (error) {
      if (!isDomainError(error)) throw error;
      answer = { ok: false, error };
    }
    const response = render(answer);
    if (!answer.ok && response.status >= 500) throw answer.error;
    if (key && response.status !== 400 && response.status < 500) {
      const at = now.getTime();
      saveIdempotentResponse(db, {
        ...key,
        response,
        createdAt: at,
        expiresAt: at + IDEMPOTENCY_TTL_MS,
      });
    }
    return { response, replayed: false };
  });
}

/** Not expired, and not an IN_FLIGHT claim abandoned by a process that died. */
const isLive = (record: IdempotencyRecord, at: number): boolean =>
  record.expiresAt > at &&
  !(record.state === 'IN_FLIGHT' && at - record.createdAt > IN_FLIGHT_STALE_MS);

function replay(stored: IdempotencyRecord, key: IdempotencyKey): CommandResponse {
  if (stored.requestHash !== key.requestHash) {
    throw new DomainError(
      'idempotency.key_reused',
      'This Idempotency-Key was already used for a different request; use a new key for a new request.',
    );
  }
  if (!stored.response) {
    throw new DomainError(
      'idempotency.in_flight',
      'The first request with this Idempotency-Key is still being processed; retry shortly.',
    );
  }
  return { response: stored.response, replayed: true };
}

/**
 * At start-up no request of this server can be in flight, so an IN_FLIGHT claim belongs to a
 * process that died mid-request (one server per database file). Its work was rolled back with
 * it, so the claim is released and the client's retry runs at once instead of waiting out
 * IN_FLIGHT_STALE_MS.
 */
export const releaseAbandonedClaims = (db: Db): number => releaseInFlightClaims(db);

/** How often expired keys are deleted (they are ignored from the moment they expire). */
const PURGE_INTERVAL_MS = 60 * 1000;

/** Deletes the keys expired at `now`; returns how many. */
export const purgeExpiredIdempotencyKeys = (db: Db, now: Date): number =>
  purgeExpiredKeys(db, now.getTime());

/**
 * Purges expired keys every `intervalMs` (off the request path: an order used to pay for a
 * DELETE per request). The timer is unref'd; the returned function stops it.
 */
export function startIdempotencyPurge(
  db: Db,
  now: () => Date,
  onError: (error: unknown) => void,
  intervalMs = PURGE_INTERVAL_MS,
): () => void {
  const timer = setInterval(() => {
    try {
      purgeExpiredIdempotencyKeys(db, now());
    } catch (error) {
      onError(error);
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
