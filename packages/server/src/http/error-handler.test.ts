import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { client as api, loginAs, startInProcess, type RunningServer } from '@shop/test-kit';
import { findSpecPath } from '../package-files.js';
import { FIELD_TEXT_LIMIT, MAX_LISTED_ERRORS } from './problem.js';

let server: RunningServer;
let adminToken: string;
beforeAll(async () => {
  server = await startInProcess();
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
    // HEAD is answered wherever GET is (below), so the list names it too (RFC 9110).
    expect(res.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'HEAD', 'POST']);
  });

  it('HEAD works wherever GET does (no body)', async () => {
    const res = await fetch(`${server.url}/api/items?size=1`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.text()).toBe('');
  });

  it('400 validation.failed, not "not valid JSON", for a body that is JSON but not an object', async () => {
    for (const rawBody of ['null', '"ada@example.com"', '42', 'true']) {
      const res = await api(server.url).post('/api/auth/login', undefined, {
        rawBody,
        headers: { 'content-type': 'application/json' },
      });
      expectProblem(res, 400, 'validation.failed');
      expect([rawBody, res.body.errors]).toEqual([
        rawBody,
        [{ path: '/body', message: 'must be object' }],
      ]);
    }
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

  it('400 validation.failed lists at most 20 errors, counts the rest, and cuts long names', async () => {
    const fields = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`extra_${i}`, i]));
    const res = await api(server.url).post('/api/auth/login', {
      email: 'a@b.co',
      password: 'x',
      ['n'.repeat(10_000)]: 1,
      ...fields,
    });
    expectProblem(res, 400, 'validation.failed');
    const errors = res.body.errors as { path: string; message: string }[];
    expect(errors).toHaveLength(MAX_LISTED_ERRORS);
    expect(res.body.errorsOmitted).toBe(501 - MAX_LISTED_ERRORS);
    for (const { path, message } of errors) {
      expect(path.length).toBeLessThanOrEqual(FIELD_TEXT_LIMIT);
      expect(message.length).toBeLessThanOrEqual(FIELD_TEXT_LIMIT);
    }
    expect(JSON.stringify(res.body).length).toBeLessThan(8_000);
  });

  it('the limits are the ones the contract states', () => {
    const spec = parse(readFileSync(findSpecPath(), 'utf8')) as {
      components: {
        schemas: Record<
          string,
          { properties: Record<string, { maxItems?: number; maxLength?: number }> }
        >;
      };
    };
    const { Problem, ProblemFieldError } = spec.components.schemas;
    expect(Problem?.properties.errors?.maxItems).toBe(MAX_LISTED_ERRORS);
    expect(ProblemFieldError?.properties.path?.maxLength).toBe(FIELD_TEXT_LIMIT);
    expect(ProblemFieldError?.properties.message?.maxLength).toBe(FIELD_TEXT_LIMIT);
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
    const broken = await startInProcess({ seed: false });
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
