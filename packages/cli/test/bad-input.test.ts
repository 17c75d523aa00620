import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runShop, tempDir } from './helpers.js';

// Any request that reaches this listener is a request the CLI should not have made.
let listener: Server;
let apiUrl: string;
let requests: string[] = [];
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  listener = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res
      .writeHead(404, { 'content-type': 'application/problem+json' })
      .end(JSON.stringify({ type: 'about:blank', title: 'Not found', status: 404 }));
  });
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  apiUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  dir = tempDir('shop-cli-bad-input-');
});

afterAll(async () => {
  listener?.close();
  dir?.remove();
});

beforeEach(() => {
  requests = [];
});

const shop = (args: readonly string[], env: Record<string, string> = {}) =>
  runShop(args, {
    env: { SHOP_API_URL: apiUrl, SHOP_CONFIG_DIR: dir.path, SHOP_TOKEN: 'not-checked', ...env },
  });

describe('id arguments are checked before any request', () => {
  const UUID = '8d2e5f47-1c3b-4a6d-9f80-b7e6c5d4a321';
  const cases: [string[], string][] = [
    [['orders', 'get', ''], 'orderId'],
    [['orders', 'get', '   '], 'orderId'],
    [['orders', 'get', 'not-an-order'], 'orderId'],
    [['orders', 'cancel', '', '--yes'], 'orderId'],
    [['orders', 'watch', ''], 'orderId'],
    [['payments', 'get', ''], 'paymentId'],
    [['payments', 'refund', '', '--yes'], 'paymentId'],
    [['payments', 'refund', `${UUID}/../x`, '--yes'], 'paymentId'],
    [['payments', 'list', '--order', ''], 'orderId'],
    [['items', 'get', ''], 'itemId'],
    [['items', 'get', '--upc', '12ab'], 'upc'],
    [['items', 'delete', ' ', '--yes'], 'itemId'],
    [['items', 'update', '', '--name', 'x'], 'itemId'],
    [['inventory', 'get', 'ZZZ'], 'itemId'],
    [['inventory', 'set', '', '5'], 'itemId'],
    [['accounts', 'get', ''], 'accountId'],
    [['orders', 'create', '--item', ':2'], 'item'],
    [['orders', 'create', '--item', 'nothex:2'], 'itemId'],
  ];

  it.each(cases)('shop %j is a usage error naming %s', async (args, name) => {
    const result = await shop(args);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(name);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
    expect(requests).toEqual([]);
  });

  it('a well-formed id still reaches the API', async () => {
    const result = await shop(['orders', 'get', UUID]);
    expect(requests).toEqual([`GET /api/orders/${UUID}`]);
    expect(result.code).toBe(5);
  });
});

describe('SHOP_API_URL is checked like `config set api-url`', () => {
  it.each(['localhost:4010', 'ftp://example.com', 'not a url'])(
    '%s is a usage error naming the variable',
    async (value) => {
      const result = await shop(['items', 'list'], { SHOP_API_URL: value });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('SHOP_API_URL');
      expect(result.stderr).toContain('http://localhost:4010');
      expect(requests).toEqual([]);
    },
  );

  it('--api-url is checked the same way', async () => {
    const result = await shop(['items', 'list', '--api-url', 'localhost:4010']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--api-url');
  });
});

describe('subcommand help', () => {
  it('shows the global flags and an example', async () => {
    const result = await shop(['payments', 'refund', '--help']);
    expect(result.code).toBe(0);
    for (const flag of ['--json', '--yes', '--profile', '--api-url', '--verbose', '--no-color'])
      expect(result.stdout).toContain(flag);
    expect(result.stdout).toMatch(/Examples:\n {2}shop payments refund /);
  });
});
