import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  client as api,
  registerCustomer,
  startInProcess,
  type RunningServer,
} from '@shop/test-kit';
import type { Db } from '../db/database.js';
import { openTestDb } from '../domain/orders/test-support.js';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  IDEMPOTENCY_TTL_MS,
  IN_FLIGHT_STALE_MS,
  releaseAbandonedClaims,
  requestHash,
} from './idempotency.js';

describe('idempotency keys (store level)', () => {
  let db: Db;
  const t0 = new Date('2026-07-01T00:00:00.000Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);
  const accountId = randomUUID();
  const hash = requestHash('POST', '/api/orders', { items: [{ itemId: 'a', quantity: 1 }] });
  const response = {
    status: 201,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: Buffer.from('{"a":1}'),
  };

  beforeEach(() => {
    db = openTestDb();
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

  it('claims once, reports in flight, then replays the stored response', () => {
    const first = claimIdempotencyKey(db, { accountId, key: 'k', hash }, t0);
    expect(first.kind).toBe('claimed');
    expect(claimIdempotencyKey(db, { accountId, key: 'k', hash }, at(10))).toEqual({
      kind: 'in_flight',
    });
    if (first.kind !== 'claimed') return;
    completeIdempotencyKey(db, first.claimId, response);
    expect(claimIdempotencyKey(db, { accountId, key: 'k', hash }, at(20))).toEqual({
      kind: 'replay',
      response,
    });
  });

  it('rejects the key for a different request, in flight or done', () => {
    const other = requestHash('POST', '/api/orders', { items: [{ itemId: 'a', quantity: 2 }] });
    const first = claimIdempotencyKey(db, { accountId, key: 'k', hash }, t0);
    expect(claimIdempotencyKey(db, { accountId, key: 'k', hash: other }, t0)).toEqual({
      kind: 'key_reused',
    });
    if (first.kind === 'claimed') completeIdempotencyKey(db, first.claimId, response);
    expect(claimIdempotencyKey(db, { accountId, key: 'k', hash: other }, t0)).toEqual({
      kind: 'key_reused',
    });
  });

  it('scopes keys per account', () => {
    expect(claimIdempotencyKey(db, { accountId, key: 'k', hash }, t0).kind).toBe('claimed');
    expect(claimIdempotencyKey(db, { accountId: randomUUID(), key: 'k', hash }, t0).kind).toBe(
      'claimed',
    );
  });

  it('does not keep 5xx or 400 responses: the next attempt runs again', () => {
    for (const status of [500, 503, 400]) {
      const claim = claimIdempotencyKey(db, { accountId, key: `k${status}`, hash }, t0);
      if (claim.kind !== 'claimed') throw new Error(claim.kind);
      completeIdempotencyKey(db, claim.claimId, { ...response, status });
      expect(claimIdempotencyKey(db, { accountId, key: `k${status}`, hash }, t0).kind).toBe(
        'claimed',
      );
    }
  });

  it('keeps errors such as 409 and 422 for replay', () => {
    const claim = claimIdempotencyKey(db, { accountId, key: 'k', hash }, t0);
    if (claim.kind !== 'claimed') throw new Error(claim.kind);
    completeIdempotencyKey(db, claim.claimId, { ...response, status: 409 });
    expect(claimIdempotencyKey(db, { accountId, key: 'k', hash }, t0)).toMatchObject({
      kind: 'replay',
      response: { status: 409 },
    });
  });

  it('forgets keys after 24 hours and purges them', () => {
    const claim = claimIdempotencyKey(db, { accountId, key: 'k', hash }, t0);
    if (claim.kind !== 'claimed') throw new Error(claim.kind);
    completeIdempotencyKey(db, claim.claimId, response);
    expect(
      claimIdempotencyKey(db, { accountId, key: 'k', hash }, at(IDEMPOTENCY_TTL_MS - 1)).kind,
    ).toBe('replay');
    claimIdempotencyKey(db, { accountId, key: 'other', hash }, at(IDEMPOTENCY_TTL_MS));
    expect(db.prepare('SELECT idempotency_key FROM idempotency_keys').pluck().all()).toEqual([
      'other',
    ]);
    expect(
      claimIdempotencyKey(db, { accountId, key: 'k', hash }, at(IDEMPOTENCY_TTL_MS)).kind,
    ).toBe('claimed');
  });

  it('takes over a claim abandoned by a crashed process, and the stale claimant cannot overwrite it', () => {
    const stale = claimIdempotencyKey(db, { accountId, key: 'k', hash }, t0);
    expect(
      claimIdempotencyKey(db, { accountId, key: 'k', hash }, at(IN_FLIGHT_STALE_MS)).kind,
    ).toBe('in_flight');
    const fresh = claimIdempotencyKey(
      db,
      { accountId, key: 'k', hash },
      at(IN_FLIGHT_STALE_MS + 1),
    );
    expect(fresh.kind).toBe('claimed');
    if (stale.kind !== 'claimed' || fresh.kind !== 'claimed') return;
    completeIdempotencyKey(db, stale.claimId, { ...response, status: 409 });
    completeIdempotencyKey(db, fresh.claimId, response);
    expect(
      claimIdempotencyKey(db, { accountId, key: 'k', hash }, at(IN_FLIGHT_STALE_MS + 2)),
    ).toEqual({ kind: 'replay', response });
  });

  it('releases claims left IN_FLIGHT by a dead process at start-up; stored responses stay', () => {
    const input = (key: string) => ({ accountId, key, hash });
    const done = claimIdempotencyKey(db, input('done'), t0);
    if (done.kind !== 'claimed') throw new Error('expected a claim');
    completeIdempotencyKey(db, done.claimId, response);
    expect(claimIdempotencyKey(db, input('stuck'), t0).kind).toBe('claimed');

    expect(releaseAbandonedClaims(db)).toBe(1);
    // The retry runs at once, with no wait for IN_FLIGHT_STALE_MS; the finished key still replays.
    expect(claimIdempotencyKey(db, input('stuck'), at(1)).kind).toBe('claimed');
    expect(claimIdempotencyKey(db, input('done'), at(1)).kind).toBe('replay');
  });
});

describe('Idempotency-Key over HTTP', () => {
  let server: RunningServer;
  let token: string;
  beforeAll(async () => {
    server = await startInProcess();
    token = (await registerCustomer(server.url)).token;
  });
  afterAll(() => server.close());

  const refund = (path: string, key: string, requestId: string, body?: unknown) =>
    api(server.url, token).post(path, body, {
      headers: { 'idempotency-key': key, 'x-request-id': requestId },
    });

  it('a replayed error keeps its body and names the first request in Original-Request-Id', async () => {
    const path = `/api/payments/${randomUUID()}/refund`;
    const key = randomUUID();
    const first = await refund(path, key, 'first-one');
    expect(first.status).toBe(404);
    expect(first.headers.get('original-request-id')).toBeNull();
    const replay = await refund(path, key, 'second-one');
    expect(replay.status).toBe(404);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.headers.get('x-request-id')).toBe('second-one');
    expect(replay.headers.get('original-request-id')).toBe('first-one');
    expect(replay.body).toEqual(first.body);
    expect(replay.body.requestId).toBe('first-one');
  });

  it('a body sent to an operation that takes none does not enter the request hash', async () => {
    const path = `/api/payments/${randomUUID()}/refund`;
    const key = randomUUID();
    expect((await refund(path, key, 'a', { note: 1 })).status).toBe(404);
    const other = await refund(path, key, 'b', { note: 2 });
    expect(other.status).toBe(404);
    expect(other.headers.get('idempotent-replayed')).toBe('true');
  });
});
