import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../../test/helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('contract and docs', () => {
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
});
