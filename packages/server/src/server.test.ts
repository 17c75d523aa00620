import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { client as api, loginAs, registerCustomer, startInProcess } from '@shop/test-kit';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shop-server-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('startServer on a database file', () => {
  it('keeps the generated JWT secret, so tokens survive a restart', async () => {
    const dbPath = join(dir, 'nested', 'shop.db');
    const first = await startInProcess({ db: dbPath });
    const token = await loginAs(first.url, 'admin');
    expect((await api(first.url, token).get('/api/auth/validate')).status).toBe(200);
    await first.close();

    const second = await startInProcess({ db: dbPath });
    try {
      expect((await api(second.url, token).get('/api/auth/validate')).status).toBe(200);
      // Seeding ran once: the restart found accounts and left the catalog alone.
      const items = await api(second.url).get('/api/items');
      expect(items.body.totalElements).toBe(12);
    } finally {
      await second.close();
    }
  });

  it('a token from a server with another secret is rejected', async () => {
    const a = await startInProcess({ db: join(dir, 'a.db') });
    const b = await startInProcess({ db: join(dir, 'b.db') });
    try {
      const token = await loginAs(a.url, 'admin');
      expect((await api(b.url, token).get('/api/auth/validate')).status).toBe(401);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('SHOP_JWT_SECRET (jwtSecret) wins over the stored one', async () => {
    const dbPath = join(dir, 'c.db');
    const secret = 'configured-secret-configured-secret-01';
    const first = await startInProcess({ db: dbPath, jwtSecret: secret });
    // A registered customer: its id (unlike the seeded accounts') exists in this database only.
    const { token } = await registerCustomer(first.url);
    await first.close();
    const generated = await startInProcess({ db: dbPath });
    const configured = await startInProcess({ db: join(dir, 'd.db'), jwtSecret: secret });
    try {
      expect((await api(generated.url, token).get('/api/auth/validate')).status).toBe(401);
      // Same secret, other database: the signature passes, but the account does not exist.
      const res = await api(configured.url, token).get('/api/auth/validate');
      expect(res.status).toBe(401);
      expect(res.body.detail).toMatch(/no longer exists/);
    } finally {
      await Promise.all([generated.close(), configured.close()]);
    }
  });
});

describe('close()', () => {
  it('lets an in-flight request finish, then stops accepting', async () => {
    const server = await startInProcess({ faults: 'rate=0', seed: false });
    const slow = fetch(`${server.url}/api/items`, { headers: { prefer: 'delay=300' } });
    // Let the request reach the server before closing.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = server.close();
    const res = await slow;
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    await closed;
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    await server.close(); // idempotent
  });
});

describe('response validation', () => {
  it('turns a response that breaks the contract into a 500 naming the schema path', async () => {
    const server = await startInProcess();
    try {
      // Corrupt a row behind the API's back: pictureUrls must be URIs.
      server.db.prepare(`UPDATE items SET picture_urls = '["not a uri"]'`).run();
      const res = await api(server.url).get('/api/items?size=1');
      expect(res.status).toBe(500);
      expect(res.body.code).toBe('internal');
      expect(JSON.stringify(res.body.errors)).toContain('pictureUrls');
    } finally {
      await server.close();
    }
  });
});

describe('startServer while it starts', () => {
  it('binds the port first and answers requests that arrive before the app is ready', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));

    // Seeding hashes passwords (slow): the port is bound well before the app exists.
    const starting = startInProcess({ port, db: join(dir, 'shop.db') });
    let early: Response | undefined;
    while (early === undefined) {
      early = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
    }
    const server = await starting;
    try {
      expect(early.status).toBe(200);
      expect(server.port).toBe(port);
    } finally {
      await server.close();
    }
  });
});
