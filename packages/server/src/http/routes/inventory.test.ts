import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client as api,
  loginAs,
  startInProcess,
  type Client as Api,
  type RunningServer,
} from '@shop/test-kit';

let server: RunningServer;
let admin: Api;
let customer: Api;
let upc = 600_000_000_000;

beforeAll(async () => {
  server = await startInProcess();
  admin = api(server.url, await loginAs(server.url, 'admin'));
  customer = api(server.url, await loginAs(server.url, 'customer'));
});
afterAll(() => server.close());

async function newItem(units: number): Promise<string> {
  const item = await admin.post('/api/items', {
    upc: String(upc++),
    itemName: 'Stocked',
    unitPrice: 2,
  });
  if (units > 0) await admin.put(`/api/inventory/${item.body.itemId}`, { availableUnits: units });
  return item.body.itemId as string;
}

describe('GET /api/inventory/{itemId}', () => {
  it('full view by default, quick view on request', async () => {
    const itemId = await newItem(12);
    const full = await api(server.url).get(`/api/inventory/${itemId}`);
    expect(full.status).toBe(200);
    expect(full.body).toEqual({
      itemId,
      availableUnits: 12,
      reservedUnits: 0,
      updatedAt: expect.any(String),
    });
    const quick = await api(server.url).get(`/api/inventory/${itemId}?view=quick`);
    expect(quick.body).toEqual({ itemId, availableUnits: 12, inStock: true });
    const soldOut = await api(server.url).get(`/api/inventory/${await newItem(0)}?view=quick`);
    expect(soldOut.body.inStock).toBe(false);
  });

  it('sends a strong ETag per view and Cache-Control: max-age=30', async () => {
    const itemId = await newItem(5);
    const full = await api(server.url).get(`/api/inventory/${itemId}?view=full`);
    const quick = await api(server.url).get(`/api/inventory/${itemId}?view=quick`);
    expect(full.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(full.headers.get('cache-control')).toBe('max-age=30');
    expect(quick.headers.get('etag')).not.toBe(full.headers.get('etag'));
    const again = await api(server.url).get(`/api/inventory/${itemId}?view=full`);
    expect(again.headers.get('etag')).toBe(full.headers.get('etag'));
  });

  it('tags each view by what it shows: a new update time changes the full tag only', async () => {
    const itemId = await newItem(5);
    const tags = async () => ({
      full: (await api(server.url).get(`/api/inventory/${itemId}?view=full`)).headers.get('etag'),
      quick: (await api(server.url).get(`/api/inventory/${itemId}?view=quick`)).headers.get('etag'),
    });
    const before = await tags();
    await new Promise((resolve) => setTimeout(resolve, 5)); // a later updatedAt for sure
    await admin.put(`/api/inventory/${itemId}`, { availableUnits: 5 }); // same units, new time
    const after = await tags();
    expect(after.quick).toBe(before.quick);
    expect(after.full).not.toBe(before.full);
  });

  it('304 with the ETag and no body while unchanged; 200 with a new tag after a change', async () => {
    const itemId = await newItem(5);
    const first = await api(server.url).get(`/api/inventory/${itemId}?view=quick`);
    const etag = first.headers.get('etag') ?? '';
    const cached = await api(server.url).get(`/api/inventory/${itemId}?view=quick`, {
      headers: { 'if-none-match': etag },
    });
    expect(cached.status).toBe(304);
    expect(cached.body).toBe('');
    expect(cached.headers.get('etag')).toBe(etag);
    expect(cached.headers.get('cache-control')).toBe('max-age=30');

    const listed = await api(server.url).get(`/api/inventory/${itemId}?view=quick`, {
      headers: { 'if-none-match': `"other", W/${etag}` },
    });
    expect(listed.status).toBe(304);

    await admin.put(`/api/inventory/${itemId}`, { availableUnits: 6 });
    const changed = await api(server.url).get(`/api/inventory/${itemId}?view=quick`, {
      headers: { 'if-none-match': etag },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.availableUnits).toBe(6);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('404 inventory.not_found for an unknown item; 400 for a bad view', async () => {
    const missing = await api(server.url).get('/api/inventory/000000000000000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('inventory.not_found');
    const badView = await api(server.url).get(`/api/inventory/${await newItem(1)}?view=huge`);
    expect(badView.status).toBe(400);
    expect(badView.body.errors[0].path).toBe('/query/view');
  });
});

describe('GET /api/inventory/{itemId}/available (deprecated)', () => {
  it('answers a bare integer with Deprecation and successor Link headers', async () => {
    const itemId = await newItem(7);
    const res = await api(server.url).get(`/api/inventory/${itemId}/available`);
    expect(res.status).toBe(200);
    expect(res.body).toBe(7);
    expect(res.headers.get('deprecation')).toBe('true');
    expect(res.headers.get('link')).toBe(
      `</api/inventory/${itemId}?view=quick>; rel="successor-version"`,
    );
  });

  it('404 for an unknown item, still marked deprecated', async () => {
    const res = await api(server.url).get('/api/inventory/000000000000000000000000/available');
    expect(res.status).toBe(404);
    expect(res.headers.get('deprecation')).toBe('true');
  });
});

describe('PUT /api/inventory/{itemId}', () => {
  it('sets the available units absolutely (admin)', async () => {
    const itemId = await newItem(0);
    const res = await admin.put(`/api/inventory/${itemId}`, { availableUnits: 40 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      itemId,
      availableUnits: 40,
      reservedUnits: 0,
      updatedAt: expect.any(String),
    });
    const lower = await admin.put(`/api/inventory/${itemId}`, { availableUnits: 3 });
    expect(lower.body.availableUnits).toBe(3);
  });

  it('403 for customers, 404 for unknown items, 400 for negative units', async () => {
    const itemId = await newItem(1);
    expect((await customer.put(`/api/inventory/${itemId}`, { availableUnits: 9 })).status).toBe(
      403,
    );
    const missing = await admin.put('/api/inventory/000000000000000000000000', {
      availableUnits: 1,
    });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('item.not_found');
    const negative = await admin.put(`/api/inventory/${itemId}`, { availableUnits: -1 });
    expect(negative.status).toBe(400);
    expect(negative.body.errors[0].path).toBe('/body/availableUnits');
  });
});

describe('POST /api/inventory/{itemId}/operations', () => {
  it('reserves units, and a replay returns the first result with Idempotent-Replayed', async () => {
    const itemId = await newItem(10);
    const body = {
      operationId: `op-${randomUUID()}`,
      orderId: randomUUID(),
      type: 'RESERVE',
      quantity: 4,
    };
    const first = await admin.post(`/api/inventory/${itemId}/operations`, body);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ ...body, itemId, availableUnits: 6 });
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const replay = await admin.post(`/api/inventory/${itemId}/operations`, body);
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
    const full = await api(server.url).get(`/api/inventory/${itemId}`);
    expect(full.body).toMatchObject({ availableUnits: 6, reservedUnits: 4 });
  });

  it('is admin-only', async () => {
    const itemId = await newItem(10);
    const res = await customer.post(`/api/inventory/${itemId}/operations`, {
      operationId: 'x',
      orderId: randomUUID(),
      type: 'RESERVE',
      quantity: 1,
    });
    expect(res.status).toBe(403);
  });
});
