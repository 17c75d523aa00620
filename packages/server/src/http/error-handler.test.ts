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

describe('meta routes', () => {
  it('GET /health answers ok with the server version', async () => {
    const res = await api(server.url).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('GET /openapi.yaml serves the contract', async () => {
    const res = await api(server.url).get('/openapi.yaml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/yaml/);
    expect(res.body).toMatch(/^openapi: 3\.1/);
  });

  it('GET /docs serves Swagger UI from the local package (no CDN)', async () => {
    const page = await api(server.url).get('/docs');
    expect(page.status).toBe(200);
    expect(page.body).toContain('/docs/swagger-ui-bundle.js');
    expect(page.body).not.toMatch(/https?:\/\//);
    const bundle = await fetch(`${server.url}/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    await bundle.arrayBuffer();
    const init = await api(server.url).get('/docs/init.js');
    expect(init.body).toContain("url: '/openapi.yaml'");
  });

  it('POST /_dev/reset is 404 without --dev', async () => {
    expectProblem(await api(server.url).post('/_dev/reset'), 404, 'route.not_found');
  });
});
