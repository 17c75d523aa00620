import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client as api,
  registerCustomer,
  startInProcess,
  type RunningServer,
} from '@shop/test-kit';

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
