import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client as api, startInProcess, type RunningServer } from '@shop/test-kit';

let server: RunningServer;
beforeAll(async () => {
  server = await startInProcess({ dev: true });
});
afterAll(() => server.close());

/** The CSP as a map of directive → sources. */
const csp = (headers: Headers): Map<string, string[]> =>
  new Map(
    (headers.get('content-security-policy') ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name as string, sources]),
  );

describe('security headers (helmet)', () => {
  it('X-Content-Type-Options: nosniff on every kind of response', async () => {
    const answers = [
      await api(server.url).get('/api/items?size=1'),
      await api(server.url).get('/api/nowhere'),
      await api(server.url).post('/api/auth/login', undefined, {
        rawBody: '{',
        headers: { 'content-type': 'application/json' },
      }),
      await api(server.url).get('/health'),
      await api(server.url).get('/openapi.yaml'),
      await api(server.url).get('/docs'),
      await api(server.url).get('/docs/swagger-ui.css'),
    ];
    for (const res of answers) expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('API answers allow no content and no framing, and send no HSTS over plain HTTP', async () => {
    const res = await api(server.url).get('/api/items?size=1');
    const policy = csp(res.headers);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('/docs: a CSP Swagger UI runs under (own scripts only, no inline script) and no framing', async () => {
    const page = await api(server.url).get('/docs');
    const policy = csp(page.headers);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]); // it fetches /openapi.yaml
    expect(policy.get('img-src')).toContain('data:'); // its stylesheet's icons are data: URLs
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    // Every script of the page is a file from /docs: an inline one would be blocked.
    const scripts = [...(page.body as string).matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, content] of scripts) {
      expect(attributes).toMatch(/src="\/docs\//);
      expect(content?.trim()).toBe('');
    }
    const init = await api(server.url).get('/docs/init.js');
    expect(init.headers.get('x-content-type-options')).toBe('nosniff');
    expect(init.headers.get('content-type')).toMatch(/javascript/);
  });
});
