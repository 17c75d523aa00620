/**
 * Security probes, one test each: forged tokens, other users' resources (no existence leak),
 * customers writing the catalog, SQL injection, path tricks, oversized bodies, login brute force,
 * and passwords or hashes in responses and logs.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, base64url } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@shop/server';
import {
  client,
  login,
  registerCustomer,
  type RegisteredCustomer,
  type Reply,
  rawRequest,
  SEEDED,
  send,
  spawnServer,
  startInProcess,
  stockedItem,
} from '@shop/test-kit';
import { pollUntil } from './support/bounded.js';
import { expectProblem, problemDefect } from './support/http.js';
import { loadOperations, type Schema } from './support/spec.js';

const JWT_SECRET = 'reliability-suite-secret-0123456789abcdef';
const secretKey = new TextEncoder().encode(JWT_SECRET);
const INJECTIONS = [
  "' OR 1=1 --",
  '"; DROP TABLE items; --',
  "1' UNION SELECT password_hash FROM accounts --",
];

let server: RunningServer;
let adminToken: string;
let adminId: string;
let alice: RegisteredCustomer;
let bob: RegisteredCustomer;
let itemId: string;

beforeAll(async () => {
  server = await startInProcess({ jwtSecret: JWT_SECRET, paymentDelayMs: 0 });
  adminToken = await login(server.url, SEEDED.admin.email, SEEDED.admin.password);
  adminId = (await client(server.url, adminToken).get('/api/auth/validate')).body.accountId;
  alice = await registerCustomer(server.url);
  bob = await registerCustomer(server.url);
  itemId = await stockedItem(client(server.url, adminToken), 100);
});
afterAll(() => server?.close());

const signed = (claims: Record<string, unknown>, exp: number) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(alice.accountId)
    .setIssuedAt(exp - 3600)
    .setExpirationTime(exp);
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Both protected reads must refuse the token with 401 auth.invalid_token. */
async function expectRejectedToken(token: string): Promise<void> {
  for (const path of ['/api/auth/validate', '/api/orders']) {
    expectProblem(await client(server.url, token).get(path), 401, 'auth.invalid_token');
  }
}

describe('forged tokens', () => {
  it('a sanity check: a correctly signed token of ours is accepted', async () => {
    const token = await signed({ role: 'customer' }, nowSeconds() + 600).sign(secretKey);
    expect((await client(server.url, token).get('/api/auth/validate')).status).toBe(200);
  });

  it('rejects alg: none', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const payload = base64url.encode(
      JSON.stringify({ sub: adminId, role: 'admin', iat: nowSeconds(), exp: nowSeconds() + 600 }),
    );
    await expectRejectedToken(`${header}.${payload}.`);
  });

  it('rejects an expired token', async () => {
    await expectRejectedToken(
      await signed({ role: 'customer' }, nowSeconds() - 60).sign(secretKey),
    );
  });

  it('rejects a token signed with another secret', async () => {
    const other = new TextEncoder().encode('another-secret-another-secret-0123456789');
    await expectRejectedToken(await signed({ role: 'customer' }, nowSeconds() + 600).sign(other));
  });

  it('rejects a tampered payload (sub changed, signature kept)', async () => {
    const [header, payload, signature] = alice.token.split('.');
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload!))) as Record<
      string,
      unknown
    >;
    const forged = base64url.encode(JSON.stringify({ ...claims, sub: adminId, role: 'admin' }));
    await expectRejectedToken(`${header}.${forged}.${signature}`);
  });
});

/** The parts of a 404 that may differ between two ids: the ids themselves and the request id. */
function shape(reply: Reply, id: string): unknown {
  const body = { ...(reply.body as Record<string, unknown>) };
  delete body.requestId;
  return {
    status: reply.status,
    keys: Object.keys(body).sort(),
    body: JSON.parse(JSON.stringify(body).split(id).join('<id>')),
  };
}

describe("another user's resources", () => {
  it("answers for alice's order, payment and account exactly as for unknown ids", async () => {
    const created = await client(server.url, alice.token).post(
      '/api/orders',
      { items: [{ itemId, quantity: 1 }] },
      { headers: { 'idempotency-key': randomUUID() } },
    );
    expect(created.status).toBe(201);
    const orderId = created.body.orderId as string;
    const paid = await pollUntil(
      () => client(server.url, alice.token).get(`/api/orders/${orderId}`),
      (r) => r.body?.paymentId != null,
      { deadlineMs: 10_000 },
    );
    const paymentId = paid.value.body.paymentId as string;
    expect(paymentId).toBeTruthy();

    const asBob = client(server.url, bob.token);
    const unknown = randomUUID();
    const probes: [string, (id: string) => Promise<Reply>][] = [
      ['GET order', (id) => asBob.get(`/api/orders/${id}`)],
      ['DELETE order', (id) => asBob.delete(`/api/orders/${id}`)],
      ['GET payment', (id) => asBob.get(`/api/payments/${id}`)],
      ['POST refund', (id) => asBob.post(`/api/payments/${id}/refund`)],
      ['GET account', (id) => asBob.get(`/api/accounts/${id}`)],
      ['PUT account', (id) => asBob.put(`/api/accounts/${id}`, { username: 'pwned' })],
    ];
    const ids: Record<string, string> = {
      'GET order': orderId,
      'DELETE order': orderId,
      'GET payment': paymentId,
      'POST refund': paymentId,
      'GET account': alice.accountId,
      'PUT account': alice.accountId,
    };
    for (const [name, probe] of probes) {
      const theirs = await probe(ids[name]!);
      const missing = await probe(unknown);
      expect(theirs.status, `${name}: ${theirs.text}`).toBe(404);
      expectProblem(theirs, 404);
      expect(shape(theirs, ids[name]!), name).toEqual(shape(missing, unknown));
    }
    // Filters must not leak either.
    const filtered = await asBob.get(`/api/payments?orderId=${orderId}`);
    expect(filtered.status).toBe(200);
    expect(filtered.body.content).toEqual([]);
    // And nothing of alice's changed.
    const mine = await client(server.url, alice.token).get(`/api/accounts/${alice.accountId}`);
    expect(mine.body.username).not.toBe('pwned');
    const order = await client(server.url, alice.token).get(`/api/orders/${orderId}`);
    expect(['INVENTORY_RESERVED', 'PAID']).toContain(order.body.status);
  });
});

describe('customers cannot write the catalog', () => {
  it('answers 403 auth.forbidden to every catalog write and changes nothing', async () => {
    const asCustomer = client(server.url, alice.token);
    const before = {
      item: (await client(server.url).get(`/api/items/${itemId}`)).body,
      inventory: (await client(server.url).get(`/api/inventory/${itemId}`)).body,
      items: (await client(server.url).get('/api/items?size=100')).body.totalElements,
    };
    const writes: [string, Promise<Reply>][] = [
      [
        'createItem',
        asCustomer.post('/api/items', { upc: '99887766', itemName: 'x', unitPrice: 1 }),
      ],
      ['updateItem', asCustomer.put(`/api/items/${itemId}`, { itemName: 'hijacked' })],
      ['deleteItem', asCustomer.delete(`/api/items/${itemId}`)],
      ['setInventory', asCustomer.put(`/api/inventory/${itemId}`, { availableUnits: 0 })],
      [
        'applyInventoryOperation',
        asCustomer.post(`/api/inventory/${itemId}/operations`, {
          operationId: randomUUID(),
          orderId: randomUUID(),
          type: 'RESERVE',
          quantity: 1,
        }),
      ],
    ];
    for (const [name, write] of writes) {
      const reply = await write;
      expect(reply.status, `${name}: ${reply.text}`).toBe(403);
      expectProblem(reply, 403, 'auth.forbidden');
    }
    expect((await client(server.url).get(`/api/items/${itemId}`)).body).toEqual(before.item);
    expect((await client(server.url).get(`/api/inventory/${itemId}`)).body).toEqual(
      before.inventory,
    );
    expect((await client(server.url).get('/api/items?size=100')).body.totalElements).toBe(
      before.items,
    );
  });
});

/** JSON pointers of every string field in a request schema (nested objects and array items). */
function stringFields(schema: Schema | undefined, prefix: string[] = []): string[][] {
  if (!schema) return [];
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('string')) return [prefix];
  if (types.includes('array') && schema.items) return stringFields(schema.items, [...prefix, '0']);
  return Object.entries(schema.properties ?? {}).flatMap(([key, sub]) =>
    stringFields(sub, [...prefix, key]),
  );
}

function setAt(value: unknown, path: string[], replacement: string): unknown {
  if (path.length === 0) return replacement;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string,
    unknown
  >;
  copy[path[0]!] = setAt(copy[path[0]!], path.slice(1), replacement);
  return copy;
}

describe('SQL injection', () => {
  it('treats injection strings in every string field, path id and query value as data', async () => {
    const tablesBefore = server.db
      .prepare('SELECT name, sql FROM sqlite_master ORDER BY name')
      .all();
    const count = (table: string) =>
      server.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
    const countsBefore = {
      items: count('items'),
      accounts: count('accounts'),
      orders: count('orders'),
    };

    // A valid request per operation; each string field in turn gets an injection string.
    const bases: Record<string, { path: string; token?: string; body: () => unknown }> = {
      createAccount: {
        path: '/api/accounts',
        body: () => ({
          email: `i-${randomUUID()}@example.com`,
          username: 'u',
          password: 'password-123',
        }),
      },
      updateAccount: {
        path: `/api/accounts/${bob.accountId}`,
        token: bob.token,
        body: () => ({ username: 'bob' }),
      },
      login: {
        path: '/api/auth/login',
        body: () => ({ email: bob.email, password: 'wrong-password' }),
      },
      createItem: {
        path: '/api/items',
        token: adminToken,
        body: () => ({
          upc: String(Date.now()).slice(-12),
          itemName: 'n',
          unitPrice: 1,
          pictureUrls: ['https://x.test/a.png'],
        }),
      },
      updateItem: {
        path: `/api/items/${itemId}`,
        token: adminToken,
        body: () => ({ itemName: 'n' }),
      },
      applyInventoryOperation: {
        path: `/api/inventory/${itemId}/operations`,
        token: adminToken,
        body: () => ({
          operationId: randomUUID(),
          orderId: randomUUID(),
          type: 'RESERVE',
          quantity: 1,
        }),
      },
      createOrder: {
        path: '/api/orders',
        token: alice.token,
        body: () => ({ items: [{ itemId, quantity: 1 }] }),
      },
    };
    const ops = await loadOperations();
    let probes = 0;
    for (const op of ops) {
      const base = bases[op.operationId];
      for (const field of base ? stringFields(op.body) : []) {
        for (const injection of INJECTIONS) {
          const body = setAt(base!.body(), field, injection);
          const reply = await send(server.url, op.method, base!.path, {
            token: base!.token,
            json: body,
          });
          probes++;
          const context = `${op.operationId} ${field.join('/')}: ${reply.status} ${reply.text.slice(0, 200)}`;
          expect(reply.status, context).toBeLessThan(500);
          if (reply.status >= 400) expect(problemDefect(reply), context).toBeUndefined();
          // Accepted free text must come back verbatim: it was bound, not spliced into SQL.
          else if (field.length === 1 && reply.body && field[0]! in reply.body) {
            expect(reply.body[field[0]!], context).toBe(injection);
          }
        }
      }
      // Path ids and query values.
      for (const param of op.parameters.filter((p) => p.in !== 'header')) {
        for (const injection of INJECTIONS) {
          const encoded = encodeURIComponent(injection);
          const path =
            param.in === 'path'
              ? op.path.replace(`{${param.name}}`, encoded).replace(/\{[^}]+\}/g, itemId)
              : `${op.path.replace(/\{[^}]+\}/g, itemId)}?${param.name}=${encoded}`;
          const reply = await send(server.url, op.method, path, { token: adminToken });
          probes++;
          const context = `${op.operationId} ${param.in} ${param.name}: ${reply.status} ${reply.text.slice(0, 200)}`;
          expect(reply.status, context).toBeGreaterThanOrEqual(400);
          expect(reply.status, context).toBeLessThan(500);
          expect(problemDefect(reply), context).toBeUndefined();
        }
      }
    }
    expect(probes).toBeGreaterThan(50);
    expect(server.db.prepare('SELECT name, sql FROM sqlite_master ORDER BY name').all()).toEqual(
      tablesBefore,
    );
    expect(server.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(count('items')).toBeGreaterThanOrEqual(countsBefore.items);
    expect(count('accounts')).toBeGreaterThanOrEqual(countsBefore.accounts);
    expect(count('orders')).toBeGreaterThanOrEqual(countsBefore.orders);
  });
});

describe('path tricks', () => {
  it('never resolves ../, encoded slashes or null bytes to another resource', async () => {
    const targets = [
      `/api/items/../accounts/${adminId}`,
      `/api/items/..%2faccounts%2f${adminId}`,
      `/api/items/%2e%2e%2faccounts%2f${adminId}`,
      `/api/items/%2e%2e/%2e%2e/health`,
      `/api/accounts/..%2F${adminId}`,
      `/api/accounts/${alice.accountId}%2F..%2F${adminId}`,
      `/api/orders/%2F`,
      `/api/orders/..%252f..%252f`,
      `/api/items/${itemId}%00`,
      `/api/items/%00${itemId}`,
      `/api/inventory/${itemId}%2F..%2F..%2Fitems`,
      `/api/items/upc/..%2F..%2Fitems`,
      `/api/payments/%5c..%5c..%5cetc%5cpasswd`,
      `/api/items/%`,
      `/api/items/%zz`,
    ];
    for (const target of targets) {
      const reply = await rawRequest(server.url, 'GET', target, {
        authorization: `Bearer ${alice.token}`,
      });
      const context = `${target}: ${reply.status} ${reply.text.slice(0, 200)}`;
      expect(reply.status, context).toBeGreaterThanOrEqual(400);
      expect(reply.status, context).toBeLessThan(500);
      expect(String(reply.headers['content-type']), context).toMatch(/^application\/problem\+json/);
      expect(reply.text, context).not.toContain(SEEDED.admin.email);
    }
  });
});

describe('oversized bodies', () => {
  it('answers a body over 1 MB with 413 request.too_large', async () => {
    const huge = 'x'.repeat(1024 * 1024 + 10);
    const item = await client(server.url, adminToken).post('/api/items', {
      upc: '55443322',
      itemName: 'big',
      unitPrice: 1,
      metadata: { blob: huge },
    });
    expectProblem(item, 413, 'request.too_large');
    const account = await client(server.url).post('/api/accounts', {
      email: 'big@example.com',
      username: huge,
      password: 'password-123',
    });
    expectProblem(account, 413, 'request.too_large');
  });
});

describe('login brute force', () => {
  it('answers 429 with Retry-After after five failures, even to the right password', async () => {
    const victim = await registerCustomer(server.url);
    const unknownEmail = `nobody-${randomUUID()}@example.com`;
    const failures: Reply[] = [];
    for (let i = 0; i < 5; i++) {
      failures.push(
        await client(server.url).post('/api/auth/login', {
          email: victim.email,
          password: `wrong-${i}`,
        }),
      );
    }
    for (const reply of failures) expectProblem(reply, 401, 'auth.invalid_credentials');
    // Unknown email and wrong password are indistinguishable.
    const unknown = await client(server.url).post('/api/auth/login', {
      email: unknownEmail,
      password: 'whatever-1',
    });
    expect(shape(unknown, unknownEmail)).toEqual(shape(failures[0]!, victim.email));

    for (const password of ['wrong-again', victim.password]) {
      const blocked = await client(server.url).post('/api/auth/login', {
        email: victim.email,
        password,
      });
      expectProblem(blocked, 429, 'auth.too_many_attempts');
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });
});

describe('secrets in responses and logs', () => {
  it('never shows a password or a bcrypt hash in any response body or log line', async () => {
    // A separate process at debug level, so every log line it writes is captured.
    const child = await spawnServer(['--db', ':memory:', '--no-seed'], {
      env: { LOG_LEVEL: 'debug' },
    });
    try {
      const passwords = [
        `first-${randomUUID()}`,
        `second-${randomUUID()}`,
        `wrong-${randomUUID()}`,
      ];
      const email = `secret-${randomUUID()}@example.com`;
      const bodies: string[] = [];
      const record = (reply: Reply) => {
        bodies.push(reply.text);
        return reply;
      };
      const anon = client(child.url);
      const created = record(
        await anon.post('/api/accounts', { email, username: 's', password: passwords[0] }),
      );
      expect(created.status).toBe(201);
      const token = record(await anon.post('/api/auth/login', { email, password: passwords[0] }))
        .body.token as string;
      const me = client(child.url, token);
      record(await anon.post('/api/auth/login', { email, password: passwords[2] }));
      record(await me.get(`/api/accounts/${created.body.accountId}`));
      record(await me.put(`/api/accounts/${created.body.accountId}`, { password: passwords[1] }));
      record(
        await me.put(`/api/accounts/${created.body.accountId}`, {
          password: passwords[1],
          role: 'admin',
        }),
      );
      record(await anon.post('/api/auth/login', { email, password: passwords[1] }));
      // Error paths that might echo the body: malformed JSON, validation, an unknown field.
      for (const raw of [
        `{"email":"${email}","password":"${passwords[1]}"`,
        `{"email":"${email}","password":"${passwords[1]}",}`,
      ]) {
        record(
          await send(child.url, 'POST', '/api/auth/login', {
            rawBody: raw,
            headers: { 'content-type': 'application/json' },
          }),
        );
      }
      record(
        await anon.post('/api/accounts', {
          email: 'not-an-email',
          username: 's',
          password: passwords[1],
        }),
      );
      record(await anon.post('/api/accounts', { email, username: 's', password: passwords[1] }));
      record(
        await anon.post('/api/auth/login', {
          email,
          password: `${passwords[1]}${'x'.repeat(200)}`,
        }),
      );

      // Let the process flush its log lines (bounded), then look everywhere.
      await pollUntil(
        () => child.output(),
        (out) => out.split('\n').length > bodies.length,
        { deadlineMs: 3_000 },
      );
      const everything = [...bodies, child.output()].join('\n');
      expect(child.output().length).toBeGreaterThan(0);
      for (const password of passwords) expect(everything).not.toContain(password);
      expect(everything).not.toMatch(/\$2[aby]\$\d\d\$/);
      expect(everything).not.toMatch(/password_?hash/i);
    } finally {
      child.child.kill('SIGKILL');
      await child.exited;
    }
  });
});
