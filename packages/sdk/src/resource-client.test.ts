// The resource client must send what openapi-fetch would send for the same call: URL (path and
// query serialization), method, headers and body. Compared against openapi-fetch itself.
import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import type { paths } from './generated/schema.js';
import { createResourceClient, type ResourceRequest } from './resource-client.js';

const baseUrl = 'http://shop.test/v';
const baseHeaders = { 'User-Agent': 'shop-sdk/test', 'X-Team': 'a' };

/** What each client sent, as plain data: the two carry it in different objects. */
interface Sent {
  url: string;
  method: string;
  headers: [string, string][];
  body: string | null;
}

async function sentByOpenapiFetch(
  call: (client: ReturnType<typeof createClient<paths>>) => Promise<unknown>,
): Promise<Sent> {
  let sent: Sent | undefined;
  const client = createClient<paths>({
    baseUrl,
    headers: baseHeaders,
    fetch: async (request: Request) => {
      const body = request.body === null ? null : await request.text();
      sent = { url: request.url, method: request.method, headers: [...request.headers], body };
      return Response.json({});
    },
  });
  await call(client);
  return sent!;
}

async function sentByResourceClient(
  call: (client: ReturnType<typeof createClient<paths>>) => Promise<unknown>,
): Promise<Sent> {
  let sent: Sent | undefined;
  const client = createResourceClient({
    baseUrl,
    headers: baseHeaders,
    fetch: (request: ResourceRequest) => {
      const { url, method, headers, body } = request;
      sent = { url, method, headers: [...headers], body };
      return Promise.resolve(Response.json({}));
    },
  });
  await call(client as ReturnType<typeof createClient<paths>>);
  return sent!;
}

const calls: [string, (client: ReturnType<typeof createClient<paths>>) => Promise<unknown>][] = [
  [
    'a path parameter that needs encoding',
    (c) => c.GET('/api/items/upc/{upc}', { params: { path: { upc: 'a b/ü?' } } }),
  ],
  [
    'a query with an unset parameter',
    (c) =>
      c.GET('/api/items', { params: { query: { sortBy: 'itemName', page: undefined, size: 5 } } }),
  ],
  [
    'a header parameter and call headers, one of them removing a base header',
    (c) =>
      c.GET('/api/inventory/{itemId}', {
        params: {
          path: { itemId: 'x1' },
          query: { view: 'quick' },
          header: { 'If-None-Match': '"e"' },
        },
        headers: { 'X-Team': null, 'X-Call': 'yes' },
      }),
  ],
  [
    'a JSON body',
    (c) => c.POST('/api/orders', { body: { items: [{ itemId: 'x1', quantity: 2 }] } }),
  ],
  ['a DELETE', (c) => c.DELETE('/api/items/{itemId}', { params: { path: { itemId: 'x1' } } })],
];

describe('createResourceClient', () => {
  it.each(calls)('sends what openapi-fetch sends: %s', async (_, call) => {
    expect(await sentByResourceClient(call)).toEqual(await sentByOpenapiFetch(call));
  });

  it('reads bodies as openapi-fetch does: JSON data, an error body, nothing on 204', async () => {
    const answers = [
      Response.json({ itemId: 'x1' }),
      new Response('{"code":"item.not_found"}', { status: 404 }),
      new Response('not json', { status: 502 }),
      new Response(null, { status: 204 }),
    ];
    for (const answer of answers) {
      const respond = () => Promise.resolve(answer.clone());
      const ours = createResourceClient({ baseUrl, headers: {}, fetch: respond });
      const theirs = createClient<paths>({ baseUrl, fetch: respond });
      const [a, b] = await Promise.all([
        ours.GET('/api/items/{itemId}', { params: { path: { itemId: 'x1' } } }),
        theirs.GET('/api/items/{itemId}', { params: { path: { itemId: 'x1' } } }),
      ]);
      expect({ data: a.data, error: a.error }).toEqual({ data: b.data, error: b.error });
    }
  });
});
