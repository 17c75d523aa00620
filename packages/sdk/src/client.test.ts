// The client's per-request plumbing, seen through a fetch that records what it is asked to send.
// Everything the reference server can show is tested against it in test/*.test.ts; here are the
// cases it cannot produce (non-JSON error bodies, other origins, a custom fetch).
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createShopClient, type ShopClientOptions } from './client.js';
import { InternalServerError, ShopApiError, UnprocessableEntityError } from './errors.js';
import type { FetchLike } from './fetch/retry.js';
import { SDK_VERSION } from './version.js';
import { noWait } from '../test/server.js';

interface Sent {
  url: string;
  method: string;
  headers: Headers;
  body: string | null;
}

/** A fetch that answers every request with `respond(sent)` (default `{}` 200). */
function recordingClient(
  options: ShopClientOptions = {},
  respond: (sent: Sent, n: number) => Response = () => Response.json({}),
) {
  const sent: Sent[] = [];
  const fetch: FetchLike = async (url, init) => {
    const entry: Sent = {
      url,
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      // Resource calls pass openapi-fetch's string body; raw calls the bytes read from a Request.
      body:
        init.body == null
          ? null
          : typeof init.body === 'string'
            ? init.body
            : new TextDecoder().decode(init.body as ArrayBuffer),
    };
    sent.push(entry);
    return respond(entry, sent.length);
  };
  return { shop: createShopClient({ baseUrl: 'http://shop.test', ...options, fetch }), sent };
}

const itemId = '65f1c0a2b3d4e5f60718293a';
const orderBody = { items: [{ itemId, quantity: 1 }] };

describe('createShopClient', () => {
  it('sends one generated Idempotency-Key with every attempt of orders.create', async () => {
    const { shop, sent } = recordingClient({ sleep: noWait }, (_, n) =>
      n < 3
        ? new Response(null, { status: 503 })
        : Response.json({ orderId: 'o' }, { status: 201 }),
    );
    await shop.orders.create(orderBody);
    const keys = sent.map((s) => s.headers.get('idempotency-key'));
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(1);
    expect(sent.every((s) => s.body === JSON.stringify(orderBody))).toBe(true);
  });

  it('generates a new key per call, and lets a caller key win', async () => {
    const { shop, sent } = recordingClient();
    await shop.orders.create(orderBody);
    await shop.orders.create(orderBody);
    await shop.orders.create(orderBody, { idempotencyKey: 'checkout-42' });
    await shop.payments.refund('c41a7b6e-2d9f-4e3c-8b15-6a0f9e8d7c52', {
      idempotencyKey: 'refund-1',
    });
    const [first, second, third, refund] = sent.map((s) => s.headers.get('idempotency-key'));
    expect(first).not.toBe(second);
    expect(third).toBe('checkout-42');
    expect(refund).toBe('refund-1');
  });

  it('keys a refund made through the raw client too, and no unkeyed operation', async () => {
    const { shop, sent } = recordingClient();
    await shop.raw.POST('/api/payments/{paymentId}/refund', {
      params: { path: { paymentId: 'c41a7b6e-2d9f-4e3c-8b15-6a0f9e8d7c52' } },
    });
    await shop.accounts.create({ email: 'a@b.c', username: 'a', password: 'password1' });
    await shop.items.get(itemId);
    expect(sent.map((s) => s.headers.has('idempotency-key'))).toEqual([true, false, false]);
  });

  it('resends the body of a raw call on every attempt', async () => {
    const { shop, sent } = recordingClient({ sleep: noWait }, (_, n) =>
      n < 2 ? new Response(null, { status: 503 }) : Response.json({}, { status: 201 }),
    );
    await shop.raw.POST('/api/orders', { body: orderBody });
    expect(sent.map((s) => s.body)).toEqual([JSON.stringify(orderBody), JSON.stringify(orderBody)]);
    expect(sent[0]?.headers.get('idempotency-key')).toBe(sent[1]?.headers.get('idempotency-key'));
  });

  it('backs off through the injected sleep and random, for retries and across the resources', async () => {
    const delays: number[] = [];
    const { shop, sent } = recordingClient(
      {
        sleep: async (ms) => {
          delays.push(ms);
        },
        // The largest jitter: each delay loses a quarter.
        random: () => 1,
      },
      (_, n) => (n < 3 ? new Response(null, { status: 503 }) : Response.json({ itemId })),
    );
    await shop.items.get(itemId);
    expect(sent).toHaveLength(3);
    expect(delays).toEqual([375, 750]);
  });

  it('hands waitFor the injected sleep between polls, and the caller can still abort it', async () => {
    const delays: number[] = [];
    const statuses = ['PENDING', 'INVENTORY_RESERVED', 'INVENTORY_RESERVED', 'PAID'];
    const { shop } = recordingClient(
      {
        sleep: async (ms) => {
          delays.push(ms);
        },
      },
      (_, n) => Response.json({ orderId: 'o', status: statuses[n - 1] }),
    );
    const order = await shop.orders.waitFor('6a0f9e8d-7c52-4e3c-8b15-c41a7b6e2d9f');
    expect(order.status).toBe('PAID');
    expect(delays).toEqual([250, 375, 562.5]);

    const controller = new AbortController();
    const { shop: stuck } = recordingClient(
      {
        sleep: (_ms, signal) =>
          new Promise((_resolve, reject) => {
            signal.addEventListener('abort', () => reject(signal.reason as Error));
            controller.abort(new Error('stop'));
          }),
      },
      () => Response.json({ orderId: 'o', status: 'PENDING' }),
    );
    await expect(
      stuck.orders.waitFor('6a0f9e8d-7c52-4e3c-8b15-c41a7b6e2d9f', { signal: controller.signal }),
    ).rejects.toThrow('stop');
  });

  it('runs the resources through the one openapi-fetch client: its middleware sees every call as a real Request', async () => {
    const { shop, sent } = recordingClient();
    const seen: string[] = [];
    shop.raw.use({
      onRequest({ request }) {
        expect(request).toBeInstanceOf(Request);
        seen.push(`${request.method} ${new URL(request.url).pathname}`);
        request.headers.set('x-trace', 'on');
      },
    });
    await shop.items.get(itemId);
    await shop.orders.create(orderBody, { idempotencyKey: 'k-1' });
    await shop.raw.GET('/api/items/{itemId}', { params: { path: { itemId } } });
    expect(seen).toEqual([
      `GET /api/items/${itemId}`,
      'POST /api/orders',
      `GET /api/items/${itemId}`,
    ]);
    expect(sent.map((s) => s.headers.get('x-trace'))).toEqual(['on', 'on', 'on']);
    expect(sent[1]?.headers.get('idempotency-key')).toBe('k-1');
    expect(sent[1]?.body).toBe(JSON.stringify(orderBody));
  });

  it('sends the token, or asks getToken when none is set, and login replaces it', async () => {
    const tokens = ['from-store'];
    const { shop, sent } = recordingClient({ getToken: async () => tokens.shift() }, (s) =>
      s.url.endsWith('/api/auth/login')
        ? Response.json({ token: 'fresh', tokenType: 'Bearer', expiresAt: 'x', accountId: 'a' })
        : Response.json({}),
    );
    await shop.auth.validate();
    await shop.auth.login({ email: 'a@b.c', password: 'pw' });
    await shop.auth.validate();
    shop.auth.setToken(undefined);
    await shop.auth.validate();
    expect(sent.map((s) => s.headers.get('authorization'))).toEqual([
      'Bearer from-store',
      null,
      'Bearer fresh',
      null,
    ]);
  });

  it('keeps the token unchanged when login is told not to set it', async () => {
    const { shop, sent } = recordingClient({ token: 'old' }, () =>
      Response.json({ token: 'new', tokenType: 'Bearer', expiresAt: 'x', accountId: 'a' }),
    );
    const login = await shop.auth.login({ email: 'a@b.c', password: 'pw' }, { setToken: false });
    await shop.auth.validate();
    expect(login.token).toBe('new');
    expect(sent[1]?.headers.get('authorization')).toBe('Bearer old');
  });

  it('routes each path to its service in the hosted layout', async () => {
    const { shop, sent } = recordingClient({
      services: {
        accounts: 'http://accounts:8081/',
        items: 'http://items:8082',
        orders: 'http://orders:8083',
        payments: 'http://payments:8084',
      },
    });
    await shop.auth.validate();
    await shop.accounts.get('3f6c2a9e-8b1d-4c7a-9e2f-5a1b7c3d9e01');
    await shop.items.list({ sortBy: 'itemName' }).page();
    await shop.inventory.get(itemId);
    await shop.orders.get('8d2e5f47-1c3b-4a6d-9f80-b7e6c5d4a321');
    await shop.payments.list().page(2);
    await shop.raw.GET('/health');
    expect(sent.map((s) => s.url)).toEqual([
      'http://accounts:8081/api/auth/validate',
      'http://accounts:8081/api/accounts/3f6c2a9e-8b1d-4c7a-9e2f-5a1b7c3d9e01',
      'http://items:8082/api/items?sortBy=itemName&page=0',
      `http://items:8082/api/inventory/${itemId}?view=full`,
      'http://orders:8083/api/orders/8d2e5f47-1c3b-4a6d-9f80-b7e6c5d4a321',
      'http://payments:8084/api/payments?page=2',
      'http://shop.test/health',
    ]);
  });

  it('identifies itself and sends the configured and per-call headers', async () => {
    const { shop, sent } = recordingClient({
      userAgent: 'my-app/2.0',
      headers: { 'x-tenant': 't1' },
    });
    await shop.items.get(itemId, { headers: { prefer: 'delay=1' } });
    const [request] = sent;
    expect(request?.headers.get('user-agent')).toBe(`shop-sdk/${SDK_VERSION} my-app/2.0`);
    expect(request?.headers.get('x-shop-client')).toBe(
      `shop-sdk/${SDK_VERSION} (node/${process.versions.node})`,
    );
    expect(request?.headers.get('x-tenant')).toBe('t1');
    expect(request?.headers.get('prefer')).toBe('delay=1');
  });

  it('builds a typed error from a non-JSON error body', async () => {
    const { shop } = recordingClient(
      { maxRetries: 0 },
      () =>
        new Response('<html><h1>502 Bad Gateway</h1></html>', {
          status: 502,
          statusText: 'Bad Gateway',
          headers: { 'content-type': 'text/html', 'x-request-id': 'proxy-1' },
        }),
    );
    const error = await shop.items.get(itemId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({
      status: 502,
      code: 'http.502',
      title: 'Bad Gateway',
      detail: 'The server answered 502 Bad Gateway with an HTML page: "502 Bad Gateway".',
      requestId: 'proxy-1',
      errors: [],
    });
  });

  it("names a proxy's HTML error page by its title, not by its markup", async () => {
    // A gateway's page: a head full of style before any text worth reading.
    const page = `<!DOCTYPE html>\r\n<html lang="en"><head><meta charset="utf-8">
      <title>example.com | 504: Gateway time-out</title><style>${'body{margin:0}'.repeat(60)}</style>
      </head><body><h1>Gateway time-out</h1></body></html>`;
    const { shop } = recordingClient(
      { maxRetries: 0 },
      () => new Response(page, { status: 504, headers: { 'content-type': 'text/html' } }),
    );
    const error = await shop.items.get(itemId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as Error).message).toBe(
      '504 http.504: The server answered 504 with an HTML page: "example.com | 504: Gateway time-out".',
    );
  });

  it('keeps a plain-text error body, on one line and cut short', async () => {
    const { shop } = recordingClient(
      { maxRetries: 0 },
      () => new Response(`upstream\nconnect error ${'x'.repeat(600)}`, { status: 503 }),
    );
    const error = (await shop.items.get(itemId).catch((e: unknown) => e)) as ShopApiError;
    expect(error.detail).toMatch(/^The server answered 503 with "upstream connect error x+…"\.$/);
    expect(error.detail.length).toBeLessThan(260);
  });

  it('builds a typed error from an empty error body', async () => {
    const { shop } = recordingClient({}, () => new Response(null, { status: 422 }));
    const error = await shop.orders.create(orderBody).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error).toMatchObject({ status: 422, code: 'http.422', requestId: null });
    expect((error as ShopApiError).message).toContain('422');
  });

  it('throws a ShopApiError for a success answered in HTML, as a web server at the wrong address does', async () => {
    const { shop, sent } = recordingClient(
      {},
      () =>
        new Response('<!doctype html><title>Shop</title><div id="root"></div>', {
          headers: { 'content-type': 'text/html; charset=utf-8' },
        }),
    );
    for (const call of [
      () => shop.items.get(itemId),
      () => shop.items.list().page(),
      () => shop.orders.create(orderBody),
      () => shop.raw.GET('/api/items/{itemId}', { params: { path: { itemId } } }),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ShopApiError);
      expect(error).toMatchObject({ status: 200, code: 'http.200' });
      expect((error as Error).message).toBe(
        `200 http.200: The server answered 200 with an HTML page: "Shop", not the API's JSON. Is http://shop.test the API's address?`,
      );
    }
    // An answer, however wrong, is not retried.
    expect(sent).toHaveLength(4);
  });

  it('throws a ShopApiError for a success without the body the contract promises', async () => {
    for (const headers of [{ 'content-length': '0' }, {}] as Record<string, string>[]) {
      const { shop } = recordingClient(
        {},
        () => new Response('', { headers: { 'content-type': 'application/json', ...headers } }),
      );
      const error = await shop.items.get(itemId).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ShopApiError);
      expect(error).toMatchObject({ status: 200, code: 'http.200' });
      expect((error as Error).message).toContain('no body');
    }
    // 204 is the one success without a body.
    const { shop } = recordingClient({}, () => new Response(null, { status: 204 }));
    await expect(shop.items.delete(itemId)).resolves.toBeUndefined();
  });

  it('throws a plain ShopApiError for a status without a subclass', async () => {
    const { shop } = recordingClient({}, () => new Response('gone', { status: 410 }));
    const error = await shop.items.get(itemId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopApiError);
    expect((error as ShopApiError).constructor).toBe(ShopApiError);
  });
});

describe('a caller abort after the headers', () => {
  it('cancels the body still being read when the call has no per-attempt timer', async () => {
    // Headers and half a body, then silence: what a stalled upstream looks like.
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"itemId":');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      const shop = createShopClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 0 });
      const controller = new AbortController();
      const reason = new Error('stop');
      const call = shop.items.get(itemId, { signal: controller.signal });
      setTimeout(() => controller.abort(reason), 100);
      await expect(call).rejects.toBe(reason);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('SDK_VERSION', () => {
  it("matches package.json's version", async () => {
    const { readFile } = await import('node:fs/promises');
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(SDK_VERSION).toBe(pkg.version);
  });
});

describe('inventory.getQuick cache', () => {
  it('keeps at most 500 ETags per client, forgetting the least recently used', async () => {
    const { shop, sent } = recordingClient({}, (s) => {
      const itemId = /inventory\/([0-9a-f]+)/.exec(s.url)?.[1] ?? '';
      return s.headers.has('if-none-match')
        ? new Response(null, { status: 304, headers: { etag: `"${itemId}"` } })
        : Response.json(
            { itemId, availableUnits: 1, inStock: true },
            { headers: { etag: `"${itemId}"` } },
          );
    });
    const ids = Array.from({ length: 501 }, (_, n) => n.toString(16).padStart(24, '0'));
    await shop.inventory.getQuick(ids[0] ?? '');
    for (const id of ids.slice(1, 500)) await shop.inventory.getQuick(id);
    await shop.inventory.getQuick(ids[0] ?? ''); // now the most recent
    await shop.inventory.getQuick(ids[500] ?? ''); // the 501st entry pushes out ids[1]
    sent.length = 0;
    expect(await shop.inventory.getQuick(ids[0] ?? '')).toMatchObject({ itemId: ids[0] });
    await shop.inventory.getQuick(ids[1] ?? '');
    expect(sent.map((s) => s.headers.has('if-none-match'))).toEqual([true, false]);
  });
});
