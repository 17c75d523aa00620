// `shop.raw`: openapi-fetch's { data, error, response } over the same token, retries and keys.
import { Agent, fetch as undiciFetch } from 'undici';
import { describe, expect, it } from 'vitest';
import { client, newCustomer, noWait, useShop } from '../test/server.js';
import type { FetchLike } from './fetch/retry.js';

const env = useShop();

describe('shop.raw', () => {
  it('returns data with the response, whose X-Request-Id is at hand', async () => {
    const { shop, attempts } = client(env.url);
    const { data, error, response } = await shop.raw.GET('/api/items', {
      params: { query: { size: 2 } },
    });
    expect(error).toBeUndefined();
    expect(data?.content).toHaveLength(2);
    expect(response.headers.get('x-request-id')).toBe(attempts[0]?.requestId);
  });

  it('returns an error body instead of throwing', async () => {
    const { shop } = client(env.url);
    const { data, error, response } = await shop.raw.GET('/api/items/{itemId}', {
      params: { path: { itemId: 'ffffffffffffffffffffffff' } },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toMatchObject({
      code: 'item.not_found',
      requestId: response.headers.get('x-request-id'),
    });
  });

  it('sends the client token and retries a GET like the resources do', async () => {
    const { shop } = await newCustomer(env.url);
    expect((await shop.raw.GET('/api/auth/validate')).data?.valid).toBe(true);
    let calls = 0;
    const { shop: flaky } = client(env.url, {
      sleep: noWait,
      fetch: (url, init) => {
        calls += 1;
        const headers = new Headers(init.headers);
        if (calls === 1) headers.set('prefer', 'fault=503');
        return fetch(url, { ...init, headers });
      },
    });
    const { data } = await flaky.raw.GET('/api/items', { params: { query: { size: 1 } } });
    expect(data?.content).toHaveLength(1);
    expect(calls).toBe(2);
  });
});

describe('a custom fetch', () => {
  it("works with undici's own fetch and a keep-alive Agent (the Node proxy/agent recipe)", async () => {
    const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
    try {
      const viaUndici: FetchLike = (url, init) =>
        undiciFetch(url, {
          ...(init as Parameters<typeof undiciFetch>[1]),
          dispatcher,
        }) as unknown as Promise<Response>;
      const { shop } = await newCustomer(env.url, { fetch: viaUndici });
      const [item] = await shop.items.list({ size: 1 }).toArray({ limit: 1 });
      const order = await shop.orders.create({
        items: [{ itemId: item?.itemId ?? '', quantity: 1 }],
      });
      expect(order.status).toBe('INVENTORY_RESERVED');
    } finally {
      await dispatcher.close();
    }
  });
});
