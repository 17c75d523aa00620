import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { insertInFlightClaim, openTestDb } from '../../../test/domain-fixtures.js';
import { DomainError } from '../errors.js';
import {
  IDEMPOTENCY_TTL_MS,
  IN_FLIGHT_STALE_MS,
  purgeExpiredIdempotencyKeys,
  releaseAbandonedClaims,
  requestHash,
  runCommand,
  startIdempotencyPurge,
  type Answer,
  type StoredResponse,
} from './idempotency.js';

describe('runCommand and the Idempotency-Key rule', () => {
  let db: Db;
  let runs: number;
  const t0 = new Date('2026-07-01T00:00:00.000Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);
  const accountId = randomUUID();
  const hash = requestHash('POST', '/api/orders', { items: [{ itemId: 'a', quantity: 1 }] });
  const keyOf = (key = 'k', owner = accountId, requestHash = hash) => ({
    accountId: owner,
    key,
    requestHash,
  });
  /** Renders the value or the error code as the body, with the status given. */
  const renderWith =
    (status: number) =>
    (answer: Answer<unknown>): StoredResponse => ({
      status,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: Buffer.from(JSON.stringify(answer.ok ? answer.value : answer.error.code)),
    });
  const run = (
    key: ReturnType<typeof keyOf> | undefined,
    when: Date,
    status = 201,
    work: () => unknown = () => ({ run: ++runs }),
  ) => runCommand(db, { key, now: when }, work, renderWith(status));
  const codeOf = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (error) {
      return (error as DomainError).code;
    }
    return undefined;
  };

  beforeEach(() => {
    db = openTestDb();
    db.exec('CREATE TABLE effects (n INTEGER)');
    runs = 0;
  });
  afterEach(() => db.close());

  it('hashes the parsed body, not its key order or spacing', () => {
    expect(requestHash('post', '/api/orders', { b: 1, a: [1, { y: 2, x: 1 }] })).toBe(
      requestHash('POST', '/api/orders', { a: [1, { x: 1, y: 2 }], b: 1 }),
    );
    expect(requestHash('POST', '/api/orders', { a: 1 })).not.toBe(
      requestHash('POST', '/api/orders', { a: 2 }),
    );
    expect(requestHash('POST', '/a', undefined)).not.toBe(requestHash('POST', '/b', undefined));
  });

  it('runs once, then replays the stored bytes', () => {
    const first = run(keyOf(), t0);
    expect(first.replayed).toBe(false);
    const again = run(keyOf(), at(20));
    expect(again).toEqual({ replayed: true, response: first.response });
    expect(runs).toBe(1);
  });

  it('runs every time without a key', () => {
    run(undefined, t0);
    run(undefined, t0);
    expect(runs).toBe(2);
  });

  it('answers in_flight while another process holds the key, and takes over an abandoned claim', () => {
    insertInFlightClaim(db, keyOf(), t0.getTime());
    expect(codeOf(() => run(keyOf(), at(IN_FLIGHT_STALE_MS)))).toBe('idempotency.in_flight');
    expect(runs).toBe(0);
    const taken = run(keyOf(), at(IN_FLIGHT_STALE_MS + 1));
    expect(taken.replayed).toBe(false);
    expect(run(keyOf(), at(IN_FLIGHT_STALE_MS + 2))).toEqual({
      replayed: true,
      response: taken.response,
    });
  });

  it('rejects the key for a different request, in flight or done', () => {
    const other = requestHash('POST', '/api/orders', { items: [{ itemId: 'a', quantity: 2 }] });
    insertInFlightClaim(db, keyOf('flying'), t0.getTime());
    expect(codeOf(() => run(keyOf('flying', accountId, other), t0))).toBe('idempotency.key_reused');
    run(keyOf(), t0);
    expect(codeOf(() => run(keyOf('k', accountId, other), t0))).toBe('idempotency.key_reused');
  });

  it('scopes keys per account', () => {
    run(keyOf(), t0);
    expect(run(keyOf('k', randomUUID()), t0).replayed).toBe(false);
    expect(runs).toBe(2);
  });

  it('does not keep 5xx or 400 responses: the next attempt runs again', () => {
    for (const status of [500, 503, 400]) {
      run(keyOf(`k${status}`), t0, status);
      expect(run(keyOf(`k${status}`), t0, 201).replayed).toBe(false);
    }
    expect(runs).toBe(6);
  });

  it('keeps a domain error answer (409) for replay, with what the work wrote before it', () => {
    const work = () => {
      db.prepare('INSERT INTO effects (n) VALUES (1)').run();
      throw new DomainError('inventory.insufficient', 'short');
    };
    const first = run(keyOf(), t0, 409, work);
    expect(first.response.body.toString()).toBe('"inventory.insufficient"');
    expect(run(keyOf(), t0, 409, work)).toEqual({ replayed: true, response: first.response });
    expect(db.prepare('SELECT COUNT(*) FROM effects').pluck().get()).toBe(1);
  });

  it('rolls everything back on an unexpected error, and stores nothing', () => {
    const boom = () => {
      db.prepare('INSERT INTO effects (n) VALUES (1)').run();
      throw new Error('disk on fire');
    };
    expect(() => run(keyOf(), t0, 201, boom)).toThrow('disk on fire');
    expect(db.prepare('SELECT COUNT(*) FROM effects').pluck().get()).toBe(0);
    expect(run(keyOf(), t0).replayed).toBe(false);
  });

  it('forgets keys after 24 hours; the purge deletes them', () => {
    run(keyOf(), t0);
    expect(run(keyOf(), at(IDEMPOTENCY_TTL_MS - 1)).replayed).toBe(true);
    run(keyOf('other'), at(10));
    expect(purgeExpiredIdempotencyKeys(db, at(IDEMPOTENCY_TTL_MS))).toBe(1);
    expect(db.prepare('SELECT idempotency_key FROM idempotency_keys').pluck().all()).toEqual([
      'other',
    ]);
    expect(run(keyOf(), at(IDEMPOTENCY_TTL_MS)).replayed).toBe(false);
  });

  it('an expired key runs again even before the purge has run', () => {
    run(keyOf(), t0);
    expect(run(keyOf(), at(IDEMPOTENCY_TTL_MS)).replayed).toBe(false);
    expect(runs).toBe(2);
  });

  it('purges on a timer, off the request path, until stopped', async () => {
    run(keyOf(), t0);
    const errors: unknown[] = [];
    const stop = startIdempotencyPurge(
      db,
      () => at(IDEMPOTENCY_TTL_MS),
      errors.push.bind(errors),
      10,
    );
    try {
      for (
        let i = 0;
        i < 100 && db.prepare('SELECT COUNT(*) FROM idempotency_keys').pluck().get();
        i++
      ) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      stop();
    }
    expect(db.prepare('SELECT COUNT(*) FROM idempotency_keys').pluck().get()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('releases claims left IN_FLIGHT by a dead process at start-up; stored responses stay', () => {
    run(keyOf('done'), t0);
    insertInFlightClaim(db, keyOf('stuck'), t0.getTime());
    expect(releaseAbandonedClaims(db)).toBe(1);
    // The retry runs at once, with no wait for IN_FLIGHT_STALE_MS; the finished key still replays.
    expect(run(keyOf('stuck'), at(1)).replayed).toBe(false);
    expect(run(keyOf('done'), at(1)).replayed).toBe(true);
  });
});
