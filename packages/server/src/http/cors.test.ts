import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, type RunningServer } from '@shop/test-kit';
import type { StartServerOptions } from '../server.js';
import { parseCorsOrigin } from './cors.js';

const SDK_HEADERS =
  'authorization, content-type, idempotency-key, if-none-match, x-request-id, x-shop-client';

/** What a browser sends before a cross-origin POST with the SDK's headers. */
function preflight(server: RunningServer, origin: string, path = '/api/orders'): Promise<Response> {
  return fetch(new URL(path, server.url), {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': SDK_HEADERS,
    },
  });
}

const list = (value: string | null): string[] =>
  (value ?? '').split(',').map((entry) => entry.trim().toLowerCase());

const servers: RunningServer[] = [];
async function start(options: StartServerOptions = {}): Promise<RunningServer> {
  const server = await startInProcess(options);
  servers.push(server);
  return server;
}
afterAll(() => Promise.all(servers.map((server) => server.close())));

describe('CORS by default (any port of http://localhost and http://127.0.0.1)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await start();
  });

  it('answers a preflight 204 before the contract validator, allowing the SDK headers', async () => {
    const res = await preflight(server, 'http://localhost:5173');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(list(res.headers.get('access-control-allow-methods'))).toEqual(
      expect.arrayContaining(['get', 'post', 'put', 'delete']),
    );
    expect(list(res.headers.get('access-control-allow-headers'))).toEqual(
      expect.arrayContaining(list(SDK_HEADERS)),
    );
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    // The answer depends on the Origin: caches must not hand it to another origin.
    expect(list(res.headers.get('vary'))).toContain('origin');
  });

  it('allows http://127.0.0.1 on any port, on paths with parameters too', async () => {
    const res = await preflight(server, 'http://127.0.0.1:8080', '/api/orders/abc/cancel');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8080');
  });

  it.each(['https://localhost:5173', 'http://localhost.evil.example', 'https://app.example.com'])(
    'gives %s no Access-Control-Allow-Origin, so a browser blocks the call',
    async (origin) => {
      const res = await preflight(server, origin);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      const get = await fetch(new URL('/api/items', server.url), { headers: { origin } });
      expect(get.headers.get('access-control-allow-origin')).toBeNull();
    },
  );

  it('exposes the headers the SDK reads, on successes and on problem responses', async () => {
    const origin = 'http://localhost:3000';
    const ok = await fetch(new URL('/api/items', server.url), {
      headers: { origin, 'x-shop-client': 'shop-sdk/0.1.0 (browser)' },
    });
    // X-Shop-Client is not in the contract; the validator must let it through.
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(origin);
    expect(list(ok.headers.get('access-control-expose-headers'))).toEqual(
      expect.arrayContaining([
        'etag',
        'x-request-id',
        'idempotent-replayed',
        'retry-after',
        'location',
      ]),
    );
    const missing = await fetch(new URL('/api/items/upc/000000000000', server.url), {
      headers: { origin },
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('access-control-allow-origin')).toBe(origin);
    expect(list(missing.headers.get('access-control-expose-headers'))).toContain('x-request-id');
  });

  it('leaves requests without an Origin (servers, the CLI) as they were', async () => {
    const res = await fetch(new URL('/api/items', server.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS with corsOrigin', () => {
  it('"*" allows any origin', async () => {
    const server = await start({ corsOrigin: '*' });
    const res = await preflight(server, 'https://app.example.com');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const get = await fetch(new URL('/api/items', server.url), {
      headers: { origin: 'https://other.example' },
    });
    expect(get.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('a list allows exactly those origins, and no longer localhost', async () => {
    const server = await start({ corsOrigin: parseCorsOrigin('https://app.example.com') });
    const allowed = await preflight(server, 'https://app.example.com');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    for (const origin of ['https://app.example.com.evil.example', 'http://localhost:5173']) {
      const denied = await preflight(server, origin);
      expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});
