import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { client as api, startInProcess, type RunningServer } from '@shop/test-kit';
import { findSpecPath } from '../package-files.js';
import { contractRenderer } from './docs.js';

interface Contract {
  servers: { url: string; description?: string }[];
}

/** GET with a Host header of our choosing (fetch does not let a caller set it). */
function getWithHost(url: string, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });
}

let server: RunningServer;
beforeAll(async () => {
  server = await startInProcess();
});
afterAll(() => server.close());

describe('contract and docs', () => {
  it('GET /openapi.yaml serves the contract', async () => {
    const res = await api(server.url).get('/openapi.yaml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/yaml/);
    expect(res.body).toMatch(/^openapi: 3\.1/);
  });

  it("GET /openapi.yaml advertises the URL it was fetched from first, then the file's servers", async () => {
    const file = parse(readFileSync(findSpecPath(), 'utf8')) as Contract;
    const served = parse((await api(server.url).get('/openapi.yaml')).body as string) as Contract;
    // A port-0 server: the advertised URL carries the port it really got.
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(served.servers[0]?.url).toBe(server.url);
    expect(served.servers.slice(1)).toEqual(file.servers);
    expect({ ...served, servers: [] }).toEqual({ ...file, servers: [] });
  });

  it('GET /openapi.yaml follows the Host the client used (a port mapping, a LAN address)', async () => {
    const body = await getWithHost(`${server.url}/openapi.yaml`, 'localhost:8080');
    expect((parse(body) as Contract).servers[0]?.url).toBe('http://localhost:8080');
    // Not a plain host[:port]: the connection's own address instead.
    const odd = await getWithHost(`${server.url}/openapi.yaml`, 'evil.example/path');
    expect((parse(odd) as Contract).servers[0]?.url).toBe(server.url);
  });

  it('GET / redirects to /docs', async () => {
    const res = await fetch(`${server.url}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/docs');
    await res.arrayBuffer();
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

describe('contractRenderer', () => {
  it('also handles a flow-style list and a contract without servers', () => {
    const flow = contractRenderer('openapi: 3.1.0\nservers: [{ url: "http://a" }]\npaths: {}\n');
    expect((parse(flow('http://b')) as Contract).servers.map((s) => s.url)).toEqual([
      'http://b',
      'http://a',
    ]);
    const none = contractRenderer('openapi: 3.1.0\npaths: {}\n');
    expect((parse(none('http://b')) as Contract).servers.map((s) => s.url)).toEqual(['http://b']);
  });

  it('puts the base URL first, keeps the other entries (variables too) and drops a duplicate', () => {
    const source = [
      '# a comment that stays',
      'openapi: 3.1.0',
      'servers:',
      '  - url: http://localhost:4010',
      '    description: Reference server',
      '  - url: https://{gateway}.example.com',
      '    variables:',
      '      gateway:',
      '        default: eu',
      'paths: {}',
      '',
    ].join('\n');
    const render = contractRenderer(source);
    const out = render('http://localhost:4010');
    expect(out).toContain('# a comment that stays');
    expect((parse(out) as Contract).servers).toEqual([
      { url: 'http://localhost:4010', description: expect.any(String) as string },
      { url: 'https://{gateway}.example.com', variables: { gateway: { default: 'eu' } } },
    ]);
    const elsewhere = parse(render('http://127.0.0.1:5555')) as Contract;
    expect(elsewhere.servers.map((s) => s.url)).toEqual([
      'http://127.0.0.1:5555',
      'http://localhost:4010',
      'https://{gateway}.example.com',
    ]);
  });
});
