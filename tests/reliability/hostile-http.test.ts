/**
 * A hostile client at the HTTP layer: bodies that do not decode, JSON nested thousands deep,
 * bodies on operations that take none, replays of errors, oversized validation answers, secrets
 * in URLs and headers, and a second server started on a database file that is in use.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseInUseError, type RunningServer } from '@shop/server';
import {
  type ChildServer,
  client,
  login,
  registerCustomer,
  type RegisteredCustomer,
  SEEDED,
  send,
  spawnServer,
  startInProcess,
  stockedItem,
} from '@shop/test-kit';
import { expectProblem } from './support/http.js';

let server: RunningServer;
let adminToken: string;
let customer: RegisteredCustomer;

beforeAll(async () => {
  server = await startInProcess({ paymentDelayMs: 0 });
  adminToken = await login(server.url, SEEDED.admin.email, SEEDED.admin.password);
  customer = await registerCustomer(server.url);
});
afterAll(() => server.close());

const nested = (depth: number, leaf: string): string =>
  '['.repeat(depth) + leaf + ']'.repeat(depth);

const json = (body: string | Uint8Array<ArrayBuffer>, extra: Record<string, string> = {}) => ({
  rawBody: body,
  headers: { 'content-type': 'application/json', ...extra },
});

describe('bodies that do not decode', () => {
  const garbage = Buffer.from('this is not compressed at all, whatever the header says');
  const codings = ['gzip', 'deflate', 'br'];

  it('400 request.malformed for every coding, before and after authentication', async () => {
    for (const coding of codings) {
      const anonymous = await send(
        server.url,
        'POST',
        '/api/auth/login',
        json(garbage, { 'content-encoding': coding }),
      );
      expectProblem(anonymous, 400, 'request.malformed');
      const order = await send(server.url, 'POST', '/api/orders', {
        token: customer.token,
        ...json(garbage, { 'content-encoding': coding }),
      });
      expectProblem(order, 400, 'request.malformed');
    }
  });

  it('a truncated stream of a real coding is malformed too; a whole one is read', async () => {
    const body = JSON.stringify({ email: customer.email, password: customer.password });
    const encoded: Record<string, Buffer<ArrayBuffer>> = {
      gzip: gzipSync(body),
      deflate: deflateSync(body),
      br: brotliCompressSync(body),
    };
    for (const coding of codings) {
      const whole = encoded[coding] as Buffer<ArrayBuffer>;
      const cut = await send(
        server.url,
        'POST',
        '/api/auth/login',
        json(whole.subarray(0, whole.length - 6), { 'content-encoding': coding }),
      );
      expectProblem(cut, 400, 'request.malformed');
      const ok = await send(
        server.url,
        'POST',
        '/api/auth/login',
        json(whole, { 'content-encoding': coding }),
      );
      expect(ok.status, ok.text).toBe(200);
    }
  });

  it('415 for a coding or charset the server does not read', async () => {
    const coded = await send(
      server.url,
      'POST',
      '/api/auth/login',
      json('{}', { 'content-encoding': 'compress' }),
    );
    expectProblem(coded, 415, 'request.unsupported_media_type');
    expect(coded.body.detail).toContain('compress');
    const latin = await send(server.url, 'POST', '/api/auth/login', {
      rawBody: '{}',
      headers: { 'content-type': 'application/json; charset=latin1' },
    });
    expectProblem(latin, 415, 'request.unsupported_media_type');
  });

  it('413 for a body that inflates past 1 MB', async () => {
    const bomb = gzipSync(JSON.stringify({ email: 'a'.repeat(3_000_000) }));
    expect(bomb.length).toBeLessThan(20_000);
    const res = await send(
      server.url,
      'POST',
      '/api/auth/login',
      json(bomb, { 'content-encoding': 'gzip' }),
    );
    expectProblem(res, 413, 'request.too_large');
  });
});

describe('deeply nested JSON', () => {
  it('a refund with an Idempotency-Key and a body 5,000 levels deep is 400, not a stack overflow', async () => {
    const res = await send(server.url, 'POST', `/api/payments/${randomUUID()}/refund`, {
      token: customer.token,
      ...json(nested(5_000, '1'), { 'idempotency-key': randomUUID() }),
    });
    expectProblem(res, 400, 'request.malformed');
    expect(res.body.detail).toContain('64');
  });

  it('item metadata 10,000 levels deep is 400 for an admin; 60 levels are stored', async () => {
    const admin = client(server.url, adminToken);
    const item = (metadata: string) =>
      send(server.url, 'POST', '/api/items', {
        token: adminToken,
        ...json(
          `{"upc":"${randomInt(10 ** 11, 10 ** 12)}","itemName":"Deep","unitPrice":1,"metadata":{"a":${metadata}}}`,
        ),
      });
    const deep = await item(nested(10_000, '1'));
    expectProblem(deep, 400, 'request.malformed');
    const fine = await item(nested(60, '1'));
    expect(fine.status, fine.text).toBe(201);
    expect((await admin.get(`/api/items/${fine.body.itemId}`)).status).toBe(200);
  });

  it('every operation refuses depth 65 before any work, anonymous or not', async () => {
    const anonymous = await send(server.url, 'POST', '/api/accounts', json(nested(65, '1')));
    expectProblem(anonymous, 400, 'request.malformed');
    const put = await send(server.url, 'PUT', `/api/accounts/${customer.accountId}`, {
      token: customer.token,
      ...json(`{"username":${nested(64, '"x"')}}`),
    });
    expectProblem(put, 400, 'request.malformed');
  });
});

describe('Idempotency-Key on an operation without a request body', () => {
  it('a body sent anyway is ignored: it does not enter the request hash', async () => {
    const path = `/api/payments/${randomUUID()}/refund`;
    const key = randomUUID();
    const first = await send(server.url, 'POST', path, {
      token: customer.token,
      ...json('{"note":"first"}', { 'idempotency-key': key }),
    });
    expectProblem(first, 404, 'payment.not_found');
    const second = await send(server.url, 'POST', path, {
      token: customer.token,
      ...json('{"note":"something else"}', { 'idempotency-key': key }),
    });
    expectProblem(second, 404, 'payment.not_found');
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const bare = await send(server.url, 'POST', path, {
      token: customer.token,
      headers: { 'idempotency-key': key },
    });
    expect(bare.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('a replayed error', () => {
  it('keeps the first body byte for byte and names its request in Original-Request-Id', async () => {
    const itemId = await stockedItem(client(server.url, adminToken), 1);
    const key = randomUUID();
    const order = (requestId: string) =>
      send(server.url, 'POST', '/api/orders', {
        token: customer.token,
        ...json(JSON.stringify({ items: [{ itemId, quantity: 5 }] }), {
          'idempotency-key': key,
          'x-request-id': requestId,
        }),
      });
    const first = await order('first-attempt');
    expectProblem(first, 409, 'inventory.insufficient');
    expect(first.body.requestId).toBe('first-attempt');
    expect(first.headers.get('original-request-id')).toBeNull();

    const replay = await order('second-attempt');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.headers.get('x-request-id')).toBe('second-attempt');
    expect(replay.headers.get('original-request-id')).toBe('first-attempt');
    expect(replay.text).toBe(first.text);
  });
});

describe('validation answers', () => {
  it('a 0.76 MB body of unknown fields gets a small answer: 20 errors and a count of the rest', async () => {
    const fields = Object.fromEntries(
      Array.from({ length: 40_000 }, (_, i) => [`field_${i}`, i]),
    ) as Record<string, unknown>;
    const body = JSON.stringify({ email: 'a@b.co', password: 'x', ...fields });
    expect(body.length).toBeGreaterThan(700_000);
    const res = await send(server.url, 'POST', '/api/auth/login', json(body));
    expectProblem(res, 400, 'validation.failed');
    expect(res.body.errors).toHaveLength(20);
    expect(res.body.errorsOmitted).toBeGreaterThanOrEqual(40_000 - 20);
    expect(res.text.length).toBeLessThan(10_000);
  });

  it('a long field name is cut in the answer', async () => {
    const res = await send(
      server.url,
      'POST',
      '/api/auth/login',
      json(JSON.stringify({ email: 'a@b.co', password: 'x', ['k'.repeat(500_000)]: 1 })),
    );
    expectProblem(res, 400, 'validation.failed');
    expect(res.text.length).toBeLessThan(5_000);
  });
});

// One child process on a file database serves both checks: spawning a server is the slow part.
describe('a server process on a database file', () => {
  let dir: string;
  let file: string;
  let first: ChildServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shop-hostile-'));
    file = join(dir, 'shop.db');
    first = await spawnServer(['--db', file], { env: { LOG_LEVEL: 'info' } });
  });
  afterAll(async () => {
    if (first.child.exitCode === null && first.child.signalCode === null) {
      first.child.kill('SIGKILL');
      await first.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('request and error logs redact secrets from query strings and auth-looking headers', async () => {
    const secrets = ['hunter2', 'tok-abc', 'ak-123', 'xat-456', 'sess-789', 'pxy-000'];
    await send(
      first.url,
      'GET',
      '/api/items?size=2&password=hunter2&token=tok-abc&api_key=ak-123&secret=hunter2',
      {
        headers: {
          'x-api-key': 'ak-123',
          'x-auth-token': 'xat-456',
          cookie: 'sid=sess-789',
          'proxy-authorization': 'Basic pxy-000',
        },
      },
    );
    await send(first.url, 'GET', '/api/items?size=oops&token=tok-abc', {
      headers: { 'x-api-key': 'ak-123' },
    });
    await expect.poll(() => first.output().match(/"url":"\/api\/items/g)?.length ?? 0).toBe(2);
    const output = first.output();
    for (const secret of secrets) expect(output).not.toContain(secret);
    expect(output).toContain('size=2');
    expect(output).toContain('[redacted]');
  });

  it('a second server on the file refuses to start and names it; after a crash one starts', async () => {
    const token = await login(first.url, SEEDED.customer.email, SEEDED.customer.password);
    await expect(startInProcess({ db: file })).rejects.toThrow(DatabaseInUseError);
    await expect(startInProcess({ db: file })).rejects.toThrow(file);
    const second = spawnServer(['--db', file], { env: { LOG_LEVEL: 'info' }, deadlineMs: 15_000 });
    await expect(second).rejects.toThrow(/exited \(1\)/);
    await expect(second).rejects.toThrow(file);
    // The first server still serves its own data.
    expect((await client(first.url, token).get('/api/auth/validate')).status).toBe(200);

    first.child.kill('SIGKILL');
    await first.exited;
    // The OS dropped the dead process's lock: no stale lock blocks the restart.
    const restarted = await startInProcess({ db: file });
    await restarted.close();
  });
});
