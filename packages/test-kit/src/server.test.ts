import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loginAs, registerCustomer, stockedItem } from './accounts.js';
import { client } from './http.js';
import { killAll, spawnServer, startInProcess, type ChildServer } from './server.js';

describe('startInProcess', () => {
  it('serves a seeded in-memory database that the raw client reaches', async () => {
    const server = await startInProcess();
    try {
      const admin = client(server.url, await loginAs(server.url, 'admin'));
      const itemId = await stockedItem(admin, 3);
      expect((await client(server.url).get(`/api/inventory/${itemId}`)).body).toMatchObject({
        availableUnits: 3,
      });
      const customer = await registerCustomer(server.url);
      expect(customer.account.role).toBe('customer');
      expect(customer.accountId).toBe(customer.account.accountId);

      const malformed = await client(server.url).post('/api/auth/login', undefined, {
        rawBody: '{"email":',
        headers: { 'content-type': 'application/json' },
      });
      expect(malformed.status).toBe(400);
      expect(malformed.body.code).toEqual(expect.any(String));
      expect(JSON.parse(malformed.text)).toEqual(malformed.body);
    } finally {
      await server.close();
    }
  });
});

describe('spawnServer', () => {
  const servers: ChildServer[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'test-kit-server-'));
  afterAll(async () => {
    await killAll(servers);
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the built binary on a file database that outlives the process', async () => {
    const db = join(dir, 'shop.db');
    const first = await spawnServer(['--db', db]);
    servers.push(first);
    const admin = client(first.url, await loginAs(first.url, 'admin'));
    const itemId = await stockedItem(admin, 5);
    await killAll([first]);
    expect(first.child.signalCode).toBe('SIGKILL');

    const second = await spawnServer(['--db', db]);
    servers.push(second);
    expect((await client(second.url).get(`/api/inventory/${itemId}`)).status).toBe(200);
  });

  it('runs on an in-memory database and reports a failed start with its output', async () => {
    const memory = await spawnServer(['--db', ':memory:']);
    servers.push(memory);
    expect((await client(memory.url).get('/health')).status).toBe(200);
    await expect(spawnServer(['--no-such-flag'])).rejects.toThrow(/exited .* before listening/);
  });

  it('reports a failed start with all it printed, even what reached the pipe after it exited', async () => {
    // A process may end before its output is read (here a helper it leaves behind writes last):
    // the exit event can come first, the output only once the pipes close.
    const preload = join(dir, 'late-line.mjs');
    writeFileSync(
      preload,
      [
        "import { spawn } from 'node:child_process';",
        "process.on('exit', () => {",
        "  const late = 'setTimeout(() => console.error(`a line written after the exit`), 300)';",
        "  spawn(process.execPath, ['-e', late], { stdio: 'inherit', detached: true }).unref();",
        '});',
      ].join('\n'),
    );
    const failed = spawnServer(['--no-such-flag'], {
      env: { NODE_OPTIONS: `--import=${pathToFileURL(preload).href}` },
    });
    await expect(failed).rejects.toThrow(/a line written after the exit/);
  });

  it('stops gracefully on close(), and close() on a stopped server returns at once', async () => {
    const server = await spawnServer(['--db', ':memory:']);
    servers.push(server);
    await server.close();
    expect(await server.exited).toEqual({ code: 0, signal: null });
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    await server.close();
  });
});
