import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningServer } from '@shop/server';
import { startInProcess } from '@shop/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, CUSTOMER, parseJson, shopFor, tempDir, type RunResult } from './helpers.js';

interface Page {
  content: { itemId: string }[];
  totalElements: number;
}

let server: RunningServer;
let customerDir: ReturnType<typeof tempDir>;
let adminDir: ReturnType<typeof tempDir>;
let anonDir: ReturnType<typeof tempDir>;
let customer: ReturnType<typeof shopFor>;
let admin: ReturnType<typeof shopFor>;
let anonymous: ReturnType<typeof shopFor>;
let itemId: string;

const ok = (result: RunResult): RunResult => {
  expect(result.code, result.stderr).toBe(0);
  return result;
};

beforeAll(async () => {
  server = await startInProcess({ paymentDelayMs: 20 });
  customerDir = tempDir('shop-cli-api-');
  adminDir = tempDir('shop-cli-api-admin-');
  anonDir = tempDir('shop-cli-api-anon-');
  customer = shopFor(server.url, customerDir.path);
  admin = shopFor(server.url, adminDir.path);
  anonymous = shopFor(server.url, anonDir.path);
  ok(
    await customer(['login', '--email', CUSTOMER.email, '--password-stdin'], {
      input: CUSTOMER.password,
    }),
  );
  ok(await admin(['login', '--email', ADMIN.email, '--password-stdin'], { input: ADMIN.password }));
  const first = parseJson<Page>(ok(await customer(['api', '/api/items', '-f', 'size=1'])).stdout);
  itemId = first.content[0]?.itemId ?? '';
});

afterAll(async () => {
  await server?.close();
  for (const dir of [customerDir, adminDir, anonDir]) dir?.remove();
});

describe('shop api', () => {
  it('GETs a path with query fields and prints the JSON body', async () => {
    const result = ok(
      await customer(['api', 'GET', '/api/items?sortBy=unitPrice', '-f', 'size=3']),
    );
    const page = parseJson<Page & { size: number }>(result.stdout);
    expect(page.size).toBe(3);
    expect(page.content).toHaveLength(3);
    expect(result.stderr).toBe('');
  });

  it('--paginate follows every page and prints one array', async () => {
    const { totalElements } = parseJson<Page>(
      ok(await customer(['api', '/api/items', '-f', 'size=1'])).stdout,
    );
    const all = parseJson<{ itemId: string }[]>(
      ok(await customer(['api', '/api/items', '--paginate', '-f', 'size=5'])).stdout,
    );
    expect(totalElements).toBeGreaterThan(5);
    expect(all).toHaveLength(totalElements);
    expect(new Set(all.map((item) => item.itemId)).size).toBe(totalElements);
  });

  it('POSTs typed fields as JSON, with a generated Idempotency-Key', async () => {
    const keys = () =>
      (server.db.prepare('SELECT count(*) AS n FROM idempotency_keys').get() as { n: number }).n;
    const before = keys();
    const result = ok(
      await customer([
        'api',
        'POST',
        '/api/orders',
        '-F',
        `items=[{"itemId":"${itemId}","quantity":1}]`,
      ]),
    );
    expect(parseJson(result.stdout)).toMatchObject({ items: [{ itemId, quantity: 1 }] });
    expect(keys()).toBe(before + 1);
  });

  it('--idempotency-key replays the first response; --include shows it on stderr', async () => {
    const args = [
      'api',
      'POST',
      '/api/orders',
      '--idempotency-key',
      `api-test-${Date.now()}`,
      '-F',
      `items=[{"itemId":"${itemId}","quantity":1}]`,
      '--include',
    ];
    const first = ok(await customer(args));
    const again = ok(await customer(args));
    expect(parseJson(again.stdout)).toEqual(parseJson(first.stdout));
    expect(first.stderr).toMatch(/^HTTP 201 Created\n/);
    expect(again.stderr).toContain('idempotent-replayed: true');
  });

  it('sends --input from a file and from stdin', async () => {
    const file = join(adminDir.path, 'stock.json');
    writeFileSync(file, JSON.stringify({ availableUnits: 77 }));
    const fromFile = ok(await admin(['api', 'PUT', `/api/inventory/${itemId}`, '--input', file]));
    expect(parseJson(fromFile.stdout)).toMatchObject({ itemId, availableUnits: 77 });
    const fromStdin = ok(
      await admin(['api', 'PUT', `/api/inventory/${itemId}`, '--input', '-'], {
        input: '{"availableUnits": 78}',
      }),
    );
    expect(parseJson(fromStdin.stdout)).toMatchObject({ availableUnits: 78 });
  });

  it('maps statuses to the documented exit codes and prints the problem', async () => {
    const missing = await customer(['api', '/api/orders/8d2e5f47-1c3b-4a6d-9f80-b7e6c5d4a321']);
    expect(missing.code).toBe(5);
    expect(parseJson(missing.stdout)).toMatchObject({ status: 404, code: 'order.not_found' });
    expect(missing.stderr).toContain('shop orders list');

    const anonymousCall = await anonymous(['api', '/api/orders']);
    expect(anonymousCall.code).toBe(4);
    expect(anonymousCall.stderr).toContain('shop login');

    const invalid = await customer(['api', 'POST', '/api/orders', '-F', 'items=[]']);
    expect(invalid.code).toBe(2);
    expect(parseJson(invalid.stdout)).toMatchObject({ status: 400, code: 'validation.failed' });

    const forbidden = await customer([
      'api',
      'PUT',
      `/api/inventory/${itemId}`,
      '-F',
      'availableUnits=1',
    ]);
    expect(forbidden.code).toBe(1);
  });

  it.each([
    [['api', 'GET', '/api/itemz'], /no such operation.*\n.*Did you mean \/api\/items\?/],
    [['api', 'GET', '/api/order/x'], /Did you mean \/api\/orders\/\{orderId\}\?/],
    [['api', 'POST', `/api/payments`], /no POST on \/api\/payments\.\n.*Use GET/],
    [['api', 'GET', '/api/orders/not-a-uuid'], /orderId must be a UUID/],
    [['api', 'FETCH', '/api/items'], /Unknown method FETCH/],
    [
      ['api', 'POST', '/api/items', '--idempotency-key', 'k', '-f', 'upc=1'],
      /takes no Idempotency-Key/,
    ],
    [['api', 'GET', '/api/items', '--input', '-'], /GET takes no body/],
    [['api', 'GET', '/api/items/upc/012345678905', '--paginate'], /not a paged list/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const result = await customer(args);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
