import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { client as api, loginAs } from '@shop/test-kit';
import type * as server from '../index.js';
import { findSpecPath } from '../package-files.js';

/**
 * express-openapi-validator runs patched (patches/express-openapi-validator@5.6.2.patch; why in
 * docs/adr/0028). Each check below fails when the patch stops applying: in the workspace (pnpm
 * applies it on install) and in the built dist/ (which bundles the patched copy, and is what the
 * published package holds).
 */
type ServerModule = typeof server;

const distEntry = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

const builds: [string, () => Promise<ServerModule>, NodeJS.Require][] = [
  [
    'source',
    () => import('../index.js'),
    // The validator's own view of its dependencies.
    createRequire(createRequire(import.meta.url).resolve('express-openapi-validator')),
  ],
  [
    'built dist/',
    () => import(distEntry) as Promise<ServerModule>,
    // The bundle requires the validator's dependencies from dist/, like this.
    createRequire(distEntry),
  ],
];

interface PathToRegexpModule {
  pathToRegexp: (...args: unknown[]) => unknown;
}

describe.each(builds)('patched express-openapi-validator, %s', (build, load, validatorRequire) => {
  const stops: (() => Promise<void> | void)[] = [];
  beforeAll(() => {
    if (build !== 'source' && !existsSync(distEntry))
      throw new Error('packages/server/dist is missing: run pnpm build first');
  });
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });

  const start = async () => {
    const { startServer } = await load();
    const server = await startServer({ port: 0, db: ':memory:', validateResponses: true });
    stops.push(() => server.close());
    return server;
  };

  it('compiles the route patterns on the first request only (the route memo)', async () => {
    const pathToRegexp = validatorRequire('path-to-regexp') as PathToRegexpModule;
    const original = pathToRegexp.pathToRegexp;
    let compiles = 0;
    pathToRegexp.pathToRegexp = (...args) => {
      compiles += 1;
      return original(...args);
    };
    stops.push(() => {
      pathToRegexp.pathToRegexp = original;
    });
    const server = await start();
    const client = api(server.url);
    const beforeFirst = compiles;
    const first = await client.get('/api/items?size=1');
    expect(first.status).toBe(200);
    // The validator's lookup is seen compiling (so the count below is not vacuous) …
    expect(compiles).toBeGreaterThan(beforeFirst);
    const afterFirst = compiles;
    const itemId = (first.body as { content: { itemId: string }[] }).content[0]?.itemId;
    for (const path of ['/api/items?size=2', `/api/items/${itemId}`, '/api/orders']) {
      await client.get(path);
    }
    // … and nothing more once it has compiled them (unpatched: every route, every request).
    expect(compiles).toBe(afterFirst);
  });

  it('allows for rounding in multipleOf (0.21 and 19.99 are prices; 19.999 is not)', async () => {
    const server = await start();
    const admin = api(server.url, await loginAs(server.url, 'admin'));
    const item = (upc: string, unitPrice: number) => ({ upc, itemName: 'Rounding', unitPrice });
    // 0.21 / 0.01 is 20.999999999999996 and 19.99 / 0.01 is 1998.9999999999998 in floating point.
    expect((await admin.post('/api/items', item('700000000901', 0.21))).status).toBe(201);
    expect((await admin.post('/api/items', item('700000000902', 19.99))).status).toBe(201);
    const third = await admin.post('/api/items', item('700000000903', 19.999));
    expect(third.status).toBe(400);
    expect(JSON.stringify(third.body)).toContain('multiple of 0.01');
  });

  it('installs no security middleware (requireAuth checks security, not the validator)', async () => {
    const { contractMiddleware } = await load();
    const names = contractMiddleware(findSpecPath(), true).map((handler) => handler.name);
    // Still the validator's middleware, by name, so the absence below means something.
    expect(names).toEqual(
      expect.arrayContaining(['metadataMiddleware', 'requestMiddleware', 'responseMiddleware']),
    );
    expect(names).not.toContain('securityMiddleware');
  });
});
