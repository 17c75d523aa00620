import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client as api,
  loginAs,
  registerCustomer,
  startInProcess,
  type RunningServer,
} from '@shop/test-kit';

const tableNames = (server: RunningServer): string[] =>
  server.db
    .prepare<[], string>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .pluck()
    .all();

const rowCount = (server: RunningServer, table: string): number =>
  server.db.prepare<[], number>(`SELECT count(*) FROM "${table}"`).pluck().get() ?? 0;

describe('POST /_dev/reset (--dev)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startInProcess({ dev: true });
  });
  afterAll(() => server.close());

  it('empties every table (orders side included) and seeds again; tokens keep working', async () => {
    const adminToken = await loginAs(server.url, 'admin');
    const admin = api(server.url, adminToken);
    const customer = await registerCustomer(server.url);
    const created = await admin.post('/api/items', {
      upc: '800000000001',
      itemName: 'Temp',
      unitPrice: 3,
    });
    await admin.put(`/api/inventory/${created.body.itemId}`, { availableUnits: 5 });
    const order = await api(server.url, customer.token).post(
      '/api/orders',
      { items: [{ itemId: created.body.itemId, quantity: 1 }] },
      { headers: { 'idempotency-key': 'reset-test' } },
    );
    expect(order.status).toBe(201);
    // A failed login row too.
    await api(server.url).post('/api/auth/login', { email: customer.email, password: 'wrong-one' });
    const secretBefore = server.db.prepare('SELECT value FROM settings').all();

    const res = await api(server.url).post('/_dev/reset', {});
    expect(res.status).toBe(204);

    for (const table of tableNames(server)) {
      if (['schema_migrations', 'settings', 'accounts', 'items', 'inventory'].includes(table))
        continue;
      expect({ table, rows: rowCount(server, table) }).toEqual({ table, rows: 0 });
    }
    expect(rowCount(server, 'schema_migrations')).toBeGreaterThanOrEqual(3);
    expect(server.db.prepare('SELECT value FROM settings').all()).toEqual(secretBefore);
    // Seeded again: 2 accounts, 12 items with stock; the extra item and customer are gone.
    expect(rowCount(server, 'accounts')).toBe(2);
    expect(rowCount(server, 'items')).toBe(12);
    expect(rowCount(server, 'inventory')).toBe(12);
    expect((await api(server.url).get(`/api/items/${created.body.itemId}`)).status).toBe(404);
    const relogin = await api(server.url).post('/api/auth/login', {
      email: customer.email,
      password: customer.password,
    });
    expect(relogin.status).toBe(401);
    // Seeded accounts keep their ids, so their tokens survive a reset; others' do not.
    expect((await api(server.url, adminToken).get('/api/auth/validate')).status).toBe(200);
    expect((await api(server.url, customer.token).get('/api/auth/validate')).status).toBe(401);
  });
});

describe('POST /_dev/reset from a web page', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startInProcess({ dev: true });
  });
  afterAll(() => server.close());

  const customers = (): number => rowCount(server, 'accounts');

  it('refuses a simple (form or text) POST, which any page can send cross-site', async () => {
    await registerCustomer(server.url);
    const before = customers();
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data']) {
      const res = await api(server.url).post('/_dev/reset', undefined, {
        rawBody: 'a=1',
        headers: { 'content-type': type },
      });
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('request.unsupported_media_type');
    }
    expect((await api(server.url).post('/_dev/reset')).status).toBe(415);
    expect(customers()).toBe(before);
  });

  it('refuses a JSON POST a browser marked as coming from another origin', async () => {
    await registerCustomer(server.url);
    const before = customers();
    const res = await api(server.url).post(
      '/_dev/reset',
      {},
      {
        headers: { origin: 'https://evil.example' },
      },
    );
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('auth.forbidden');
    expect(customers()).toBe(before);
    const sameOrigin = await api(server.url).post(
      '/_dev/reset',
      {},
      {
        headers: { origin: server.url },
      },
    );
    expect(sameOrigin.status).toBe(204);
  });
});

describe('POST /_dev/reset without --dev', () => {
  it('is 404 route.not_found', async () => {
    const server = await startInProcess({ seed: false });
    try {
      const res = await api(server.url).post('/_dev/reset', {});
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('route.not_found');
    } finally {
      await server.close();
    }
  });
});

describe('POST /_dev/reset with --dev --no-seed', () => {
  it('leaves the database empty', async () => {
    const server = await startInProcess({ dev: true, seed: false });
    try {
      await registerCustomer(server.url);
      expect((await api(server.url).post('/_dev/reset', {})).status).toBe(204);
      expect(rowCount(server, 'accounts')).toBe(0);
      expect(rowCount(server, 'items')).toBe(0);
    } finally {
      await server.close();
    }
  });
});
