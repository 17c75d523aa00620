// The resource client must build and read requests exactly as openapi-fetch does: both run the
// same calls against the same recorded answers here, and must agree on every field.
import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import type { paths } from './generated/schema.js';
import { createResourceClient, type PlainRequest } from './lean-client.js';

const BASE_URL = 'http://api.test/v1';
const HEADERS = { 'User-Agent': 'shop-sdk/test', 'X-Tenant': 't1' };

interface Seen {
  url: string;
  method: string;
  headers: [string, string][];
  body: string | undefined;
}

/** Both clients, answering every request with `answer()`, recording what they sent. */
function pair(answer: () => Response) {
  const sent: { openapiFetch: Seen[]; resource: Seen[] } = { openapiFetch: [], resource: [] };
  const openapiFetch = createClient<paths>({
    baseUrl: BASE_URL,
    headers: HEADERS,
    fetch: async (request: Request) => {
      sent.openapiFetch.push({
        url: request.url,
        method: request.method,
        headers: [...request.headers],
        body: request.body === null ? undefined : await request.text(),
      });
      return answer();
    },
  });
  const resource = createResourceClient({
    baseUrl: BASE_URL,
    headers: HEADERS,
    send: (request: PlainRequest) => {
      sent.resource.push({
        url: request.url,
        method: request.method,
        headers: [...request.headers],
        body: request.body,
      });
      return Promise.resolve(answer());
    },
  });
  return { openapiFetch, resource, sent };
}

const ok = () => Response.json({ ok: true });

describe('the resource client builds requests as openapi-fetch does', () => {
  const calls: [string, (client: ReturnType<typeof pair>['resource']) => Promise<unknown>][] = [
    [
      'a path parameter that needs encoding',
      (c) => c.GET('/api/items/{itemId}', { params: { path: { itemId: 'a b/c?d' } } }),
    ],
    [
      'a query',
      (c) => c.GET('/api/items', { params: { query: { page: 2, size: 5, sortBy: 'itemName' } } }),
    ],
    [
      'a header parameter and a query',
      (c) =>
        c.GET('/api/inventory/{itemId}', {
          params: {
            path: { itemId: 'i1' },
            query: { view: 'quick' },
            header: { 'If-None-Match': '"q5"' },
          },
        }),
    ],
    [
      'a JSON body with a per-call header',
      (c) =>
        c.POST('/api/orders', {
          body: { items: [{ itemId: 'i1', quantity: 2 }] },
          headers: { 'Idempotency-Key': 'k-1' },
        }),
    ],
    [
      'a per-call header replacing a default one',
      (c) =>
        c.PUT('/api/inventory/{itemId}', {
          params: { path: { itemId: 'i1' } },
          body: { availableUnits: 3 },
          headers: { 'X-Tenant': 't2' },
        }),
    ],
    ['a DELETE', (c) => c.DELETE('/api/items/{itemId}', { params: { path: { itemId: 'i1' } } })],
  ];

  it.each(calls)('%s', async (_name, call) => {
    const { openapiFetch, resource, sent } = pair(ok);
    // openapi-fetch's client has the same call signatures; only its return type is wider.
    await call(openapiFetch as unknown as ReturnType<typeof pair>['resource']);
    await call(resource);
    expect(sent.resource).toEqual(sent.openapiFetch);
    expect(sent.resource).toHaveLength(1);
  });
});

describe('the resource client reads responses as openapi-fetch does', () => {
  const answers: [string, () => Response][] = [
    ['JSON with a length', () => new Response('{"a":1}', { headers: { 'content-length': '7' } })],
    ['JSON without a length', () => Response.json({ a: [1, 2] })],
    ['204', () => new Response(null, { status: 204 })],
    ['an empty 200', () => new Response('', { headers: { 'content-length': '0' } })],
    ['a problem', () => Response.json({ code: 'order.not_found' }, { status: 404 })],
    ['a text error', () => new Response('Bad Gateway', { status: 502 })],
    ['an empty error', () => new Response(null, { status: 422 })],
  ];

  it.each(answers)('%s', async (_name, answer) => {
    const { openapiFetch, resource } = pair(answer);
    const read = async (client: ReturnType<typeof pair>['resource']) => {
      const result = await client.GET('/api/items/{itemId}', { params: { path: { itemId: 'i' } } });
      return {
        keys: Object.keys(result).sort(),
        data: result.data,
        error: result.error,
        status: result.response.status,
      };
    };
    expect(await read(resource)).toEqual(
      await read(openapiFetch as unknown as ReturnType<typeof pair>['resource']),
    );
  });
});
