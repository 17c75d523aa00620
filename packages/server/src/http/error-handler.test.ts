import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, loginAs, startTestServer, type TestServer } from '../../test/helpers.js';

let server: TestServer;
let adminToken: string;
beforeAll(async () => {
  server = await startTestServer();
  adminToken = await loginAs(server.url, 'admin');
});
afterAll(() => server.close());

const expectProblem = (
  res: { status: number; headers: Headers; body: Record<string, unknown> },
  status: number,
  code: string,
): void => {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({
    type: `urn:shop:problem:${code}`,
    status,
    code,
    requestId: res.headers.get('x-request-id'),
  });
  expect(typeof res.body.title).toBe('string');
  expect(typeof res.body.detail).toBe('string');
};

describe('problem responses', () => {
  it('404 route.not_found for an unknown API path', async () => {
    const res = await api(server.url).get('/api/itemz');
    expectProblem(res, 404, 'route.not_found');
    expect(res.body.instance).toBe('/api/itemz');
  });

  it('404 route.not_found outside /api too', async () => {
    expectProblem(await api(server.url).get('/nope'), 404, 'route.not_found');
  });

  it('405 method.not_allowed with an Allow header for a known path', async () => {
    const res = await api(server.url).request('PATCH', '/api/items');
    expectProblem(res, 405, 'method.not_allowed');
    expect(res.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'POST']);
  });

  it('HEAD works wherever GET does (no body)', async () => {
    const res = await fetch(`${server.url}/api/items?size=1`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.text()).toBe('');
  });

  it('400 request.malformed_json for a broken body', async () => {
    const res = await api(server.url).post('/api/auth/login', undefined, {
      rawBody: '{"email": "a@b.co",',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 400, 'request.malformed_json');
  });

  it('413 request.too_large for a body over 1 MB', async () => {
    const res = await api(server.url, adminToken).post('/api/items', {
      upc: '123456789012',
      itemName: 'Big',
      unitPrice: 1,
      metadata: { blob: 'x'.repeat(1_100_000) },
    });
    expectProblem(res, 413, 'request.too_large');
  });

  it('415 request.unsupported_media_type for a non-JSON body', async () => {
    const res = await api(server.url).post('/api/auth/login', undefined, {
      rawBody: 'email=a@b.co&password=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(res, 415, 'request.unsupported_media_type');
  });

  it('400 validation.failed lists every offending field with a JSON pointer path', async () => {
    const res = await api(server.url, adminToken).post('/api/items', {
      upc: 'abc',
      itemName: '',
      unitPrice: -1,
      colour: 'red',
    });
    expectProblem(res, 400, 'validation.failed');
    const paths = (res.body.errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['/body/colour', '/body/itemName', '/body/unitPrice', '/body/upc']);
  });

  it('400 validation.failed lists at most 100 field errors with bounded paths, and counts them all', async () => {
    // Unknown fields are each an error, and their names are echoed in the paths: without bounds
    // a 1 MB body would come back as a larger problem than it was.
    const body: Record<string, unknown> = { upc: '012345678905', itemName: 'X', unitPrice: 1 };
    for (let i = 0; i < 300; i++) body[`${'k'.repeat(3000)}${i}`] = 1;
    const res = await api(server.url, adminToken).post('/api/items', body);
    expectProblem(res, 400, 'validation.failed');
    const errors = res.body.errors as { path: string; message: string }[];
    expect(errors).toHaveLength(100);
    for (const e of errors) expect(e.path.length).toBeLessThanOrEqual(2048);
    expect(errors[0]?.path.startsWith('/body/kkk')).toBe(true);
    expect(res.body.detail).toBe(
      'The request has 300 invalid values; the first 100 are in errors[].',
    );
  });

  it('400 validation.failed for a path id that does not match its pattern', async () => {
    const res = await api(server.url).get('/api/items/not-an-id');
    expectProblem(res, 400, 'validation.failed');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/params/itemId' })]);
  });

  it('400 validation.failed for a query value out of range', async () => {
    const res = await api(server.url).get('/api/items?size=101');
    expectProblem(res, 400, 'validation.failed');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/query/size' })]);
  });
});

describe('unexpected errors', () => {
  it('500 internal with a generic detail: no SQL, message or stack reaches the client', async () => {
    const broken = await startTestServer({ seed: false });
    try {
      // Make the next inventory read fail inside SQLite.
      broken.db.exec('DROP TABLE inventory');
      const res = await api(broken.url).get('/api/inventory/000000000000000000000000');
      expectProblem(res, 500, 'internal');
      const { instance, ...rest } = res.body;
      expect(instance).toBe('/api/inventory/000000000000000000000000');
      expect(JSON.stringify(rest)).not.toMatch(/inventory|sqlite|SELECT|no such table|\.ts:\d/i);
    } finally {
      await broken.close();
    }
  });
});
