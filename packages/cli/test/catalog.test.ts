import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningServer } from '@shop/server';
import { startInProcess } from '@shop/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, BIN, CUSTOMER, parseJson, shopFor, tempDir, type RunResult } from './helpers.js';

interface Item {
  itemId: string;
  upc: string;
  itemName: string;
  unitPrice: number;
}
interface Page<T> {
  content: T[];
  number: number;
  size: number;
  totalElements: number;
  totalPages: number;
}

let server: RunningServer;
let customerDir: ReturnType<typeof tempDir>;
let adminDir: ReturnType<typeof tempDir>;
let customer: ReturnType<typeof shopFor>;
let admin: ReturnType<typeof shopFor>;

beforeAll(async () => {
  server = await startInProcess();
  customerDir = tempDir('shop-cli-catalog-');
  adminDir = tempDir('shop-cli-catalog-admin-');
  customer = shopFor(server.url, customerDir.path);
  admin = shopFor(server.url, adminDir.path);
  await customer(['login', '--email', CUSTOMER.email, '--password-stdin'], {
    input: CUSTOMER.password,
  });
  await admin(['login', '--email', ADMIN.email, '--password-stdin'], { input: ADMIN.password });
});

afterAll(async () => {
  await server?.close();
  customerDir?.remove();
  adminDir?.remove();
});

const ok = (result: RunResult): RunResult => {
  expect(result.code, result.stderr).toBe(0);
  return result;
};

describe('shop items', () => {
  it('lists a page as the API JSON, sorted and sized as asked', async () => {
    const all = parseJson<Page<Item>>(
      ok(await customer(['items', 'list', '--json', '--size', '100'])).stdout,
    );
    expect(all.content.length).toBe(all.totalElements);
    const result = ok(
      await customer([
        'items',
        'list',
        '--json',
        '--size',
        '3',
        '--page',
        '1',
        '--sort',
        'unitPrice:desc',
      ]),
    );
    expect(result.stderr).toBe('');
    const page = parseJson<Page<Item>>(result.stdout);
    const expected = [...all.content].sort((a, b) => b.unitPrice - a.unitPrice).slice(3, 6);
    expect(page).toMatchObject({ number: 1, size: 3, totalElements: all.totalElements });
    expect(page.content.map((i) => i.unitPrice)).toEqual(expected.map((i) => i.unitPrice));
  });

  it('prints a table for people, with the paging hint on stderr', async () => {
    const result = ok(await customer(['items', 'list', '--size', '2']));
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ITEM ID\s+UPC\s+NAME\s+PRICE$/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^[0-9a-f]{24}\s+\d+\s+.+\s+\$\d+\.\d\d$/);
    expect(result.stderr).toContain('Next: shop items list --page 1');
  });

  it('stops quietly when the reader of its output goes away (| head)', async () => {
    // Async: the server answers from this process.
    const child = spawn(
      'bash',
      ['-c', `set -o pipefail; node ${BIN} items list --json --size 100 | head -c 1 >/dev/null`],
      { env: { ...process.env, SHOP_API_URL: server.url, SHOP_CONFIG_DIR: customerDir.path } },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  });

  it('rejects a bad --sort as bad usage (exit 2)', async () => {
    const result = await customer(['items', 'list', '--sort', 'price']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('itemId, itemName, unitPrice, upc, createdAt');
  });

  it('gets an item by id and by UPC; a missing one exits 5 with a hint', async () => {
    const [first] = parseJson<Page<Item>>(
      ok(await customer(['items', 'list', '--json'])).stdout,
    ).content;
    if (!first) throw new Error('the seed has items');
    expect(
      parseJson(ok(await customer(['items', 'get', first.itemId, '--json'])).stdout),
    ).toMatchObject(first);
    expect(
      parseJson(ok(await customer(['items', 'get', '--upc', first.upc, '--json'])).stdout),
    ).toMatchObject(first);

    const missing = await customer(['items', 'get', 'ffffffffffffffffffffffff']);
    expect(missing.code).toBe(5);
    expect(missing.stderr).toContain('shop items list');

    const both = await customer(['items', 'get', first.itemId, '--upc', first.upc]);
    expect(both.code).toBe(2);
  });

  it('runs the admin catalog round trip: create, update, stock, delete', async () => {
    const created = parseJson<Item & { pictureUrls: string[]; metadata: object }>(
      ok(
        await admin([
          'items',
          'create',
          '--json',
          '--upc',
          '400638133393',
          '--name',
          'Desk Plant',
          '--price',
          '14.50',
          '--picture-url',
          'https://cdn.example.test/a.jpg',
          '--picture-url',
          'https://cdn.example.test/b.jpg',
          '--metadata',
          '{"color":"green"}',
        ]),
      ).stdout,
    );
    expect(created).toMatchObject({
      upc: '400638133393',
      itemName: 'Desk Plant',
      unitPrice: 14.5,
      pictureUrls: ['https://cdn.example.test/a.jpg', 'https://cdn.example.test/b.jpg'],
      metadata: { color: 'green' },
    });
    const updated = parseJson<Item>(
      ok(await admin(['items', 'update', created.itemId, '--price', '12.99', '--json'])).stdout,
    );
    expect(updated).toMatchObject({
      itemId: created.itemId,
      unitPrice: 12.99,
      itemName: 'Desk Plant',
    });

    const stock = parseJson(
      ok(await admin(['inventory', 'set', created.itemId, '7', '--json'])).stdout,
    );
    expect(stock).toMatchObject({ itemId: created.itemId, availableUnits: 7, reservedUnits: 0 });
    const quick = parseJson(
      ok(await customer(['inventory', 'get', created.itemId, '--quick', '--json'])).stdout,
    );
    expect(quick).toEqual({ itemId: created.itemId, availableUnits: 7, inStock: true });
    const human = ok(await customer(['inventory', 'get', created.itemId]));
    expect(human.stdout).toMatch(/Available:\s+7/);

    const refused = await admin(['items', 'delete', created.itemId]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    const deleted = ok(await admin(['items', 'delete', created.itemId, '--yes', '--json']));
    expect(parseJson(deleted.stdout)).toEqual({ itemId: created.itemId, deleted: true });
    expect((await customer(['items', 'get', created.itemId])).code).toBe(5);
  });

  it('explains that catalog writes need an admin', async () => {
    const result = await customer([
      'items',
      'create',
      '--upc',
      '400638133394',
      '--name',
      'X',
      '--price',
      '1',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('admin');
  });

  it('checks flags before calling the API', async () => {
    for (const args of [
      ['items', 'create', '--name', 'X', '--price', '1'],
      ['items', 'create', '--upc', '123456', '--name', 'X', '--price', '1.234'],
      ['items', 'create', '--upc', '123456', '--name', 'X', '--price', '1', '--metadata', '[1]'],
      ['inventory', 'set', 'ffffffffffffffffffffffff', '-1'],
      ['items', 'update', 'ffffffffffffffffffffffff'],
    ]) {
      const result = await admin(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
    }
  });
});

describe('shop config and completion', () => {
  it('sets, reads and unsets whitelisted keys only', async () => {
    const dir = tempDir('shop-cli-config-');
    try {
      const shop = shopFor(server.url, dir.path);
      const unknown = await shop(['config', 'set', 'colour', 'blue']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('Valid keys: api-url, output');
      expect((await shop(['config', 'set', 'output', 'yaml'])).code).toBe(2);

      ok(await shop(['config', 'set', 'api-url', 'http://127.0.0.1:1/']));
      expect(ok(await shop(['config', 'get', 'api-url'])).stdout).toBe('http://127.0.0.1:1\n');
      expect(parseJson(ok(await shop(['config', 'list', '--json'])).stdout)).toEqual({
        'api-url': 'http://127.0.0.1:1',
      });
      // SHOP_API_URL (set by shopFor) still wins over the profile's api-url.
      ok(await shop(['items', 'list', '--json', '--size', '1']));

      // `output json` makes JSON the default.
      ok(await shop(['config', 'set', 'output', 'json']));
      expect(parseJson(ok(await shop(['items', 'list', '--size', '1'])).stdout)).toMatchObject({
        size: 1,
      });
      const missing = await shop(['items', 'get', 'ffffffffffffffffffffffff']);
      expect(missing.code).toBe(5);
      expect(parseJson(missing.stderr)).toMatchObject({ status: 404, code: 'item.not_found' });
      ok(await shop(['config', 'unset', 'output']));
      ok(await shop(['config', 'unset', 'api-url']));
      expect((await shop(['config', 'get', 'api-url'])).code).toBe(5);
    } finally {
      dir.remove();
    }
  });

  it('prints completion scripts built from the command tree', async () => {
    const bash = ok(await customer(['completion', 'bash'])).stdout;
    const file = join(customerDir.path, 'shop.bash');
    writeFileSync(file, bash);
    // Complete "shop orders c" in a real bash with the generated function.
    const completed = execFileSync('bash', [
      '-c',
      `source ${file}; COMP_WORDS=(shop --profile x orders c); COMP_CWORD=4; _shop_complete; echo "\${COMPREPLY[@]}"`,
    ]).toString();
    expect(completed.trim().split(' ').sort()).toEqual(['cancel', 'create']);
    expect(ok(await customer(['completion', 'zsh'])).stdout).toContain(
      "'refund:Refund a payment in full'",
    );
    expect(ok(await customer(['completion', 'fish'])).stdout).toContain('complete -c shop');
    expect((await customer(['completion', 'powershell'])).code).toBe(2);
  });
});
