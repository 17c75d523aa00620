import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client as api, startInProcess, type RunningServer } from '@shop/test-kit';

let server: RunningServer;
beforeAll(async () => {
  server = await startInProcess();
});
afterAll(() => server.close());

describe('X-Request-Id', () => {
  it('is echoed when the client sends a sane one', async () => {
    const res = await api(server.url).get('/health', {
      headers: { 'x-request-id': 'trace-42.a_b' },
    });
    expect(res.headers.get('x-request-id')).toBe('trace-42.a_b');
  });

  it('is replaced by a UUID when the client one is unsafe or too long', async () => {
    for (const sent of ['bad id with spaces', 'x'.repeat(201), 'a/b']) {
      const res = await api(server.url).get('/health', { headers: { 'x-request-id': sent } });
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('is on every response, errors included, and repeated in problem bodies', async () => {
    const res = await api(server.url).get('/api/items/upc/000000000000', {
      headers: { 'x-request-id': 'req-1' },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('req-1');
    expect(res.body.requestId).toBe('req-1');
  });
});
