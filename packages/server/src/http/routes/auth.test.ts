import { SignJWT, base64url } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client as api,
  loginAs,
  registerCustomer,
  startInProcess,
  type RunningServer,
} from '@shop/test-kit';

const SECRET = 'test-secret-test-secret-test-secret-0123';
let clock = new Date('2030-01-01T00:00:00Z');
let server: RunningServer;
beforeAll(async () => {
  // A known secret so tests can forge tokens; a settable clock for expiry and the login window.
  server = await startInProcess({ jwtSecret: SECRET, now: () => clock });
});
afterAll(() => server.close());

const sign = (claims: Record<string, unknown>, secret: string, exp: number): Promise<string> =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(claims.sub))
    .setIssuedAt(exp - 3600)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(secret));

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

describe('POST /api/auth/login', () => {
  it('returns a 24-hour bearer token for the account', async () => {
    const me = await registerCustomer(server.url);
    const res = await api(server.url).post('/api/auth/login', {
      email: me.email,
      password: me.password,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      token: expect.any(String),
      tokenType: 'Bearer',
      expiresAt: new Date(clock.getTime() + 24 * 3600 * 1000).toISOString(),
      accountId: me.account.accountId,
    });
    const [, payload] = (res.body.token as string).split('.');
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload ?? '')));
    expect(claims).toMatchObject({ sub: me.account.accountId, role: 'customer' });
  });

  it('accepts the email in any case', async () => {
    const me = await registerCustomer(server.url);
    const res = await api(server.url).post('/api/auth/login', {
      email: me.email.toUpperCase(),
      password: me.password,
    });
    expect(res.status).toBe(200);
  });

  it('answers an unknown email exactly like a wrong password', async () => {
    const me = await registerCustomer(server.url);
    const wrong = await api(server.url).post('/api/auth/login', {
      email: me.email,
      password: 'not-the-password',
    });
    const unknown = await api(server.url).post('/api/auth/login', {
      email: 'nobody-here@example.com',
      password: 'not-the-password',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const { requestId: _a, ...wrongBody } = wrong.body;
    const { requestId: _b, ...unknownBody } = unknown.body;
    expect(wrongBody).toEqual(unknownBody);
    expect(wrongBody.code).toBe('auth.invalid_credentials');
  });

  it('after 5 failures within 15 minutes answers 429 with Retry-After, until the window frees', async () => {
    const me = await registerCustomer(server.url);
    const attempt = () =>
      api(server.url).post('/api/auth/login', { email: me.email, password: 'wrong-password' });
    const start = clock;
    for (let i = 0; i < 5; i++) {
      clock = new Date(start.getTime() + i * 60_000);
      expect((await attempt()).status).toBe(401);
    }
    clock = new Date(start.getTime() + 5 * 60_000);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('auth.too_many_attempts');
    // The first failure (at start) leaves the window 15 minutes after it: 10 minutes from now.
    expect(limited.headers.get('retry-after')).toBe('600');
    // Even the right password is refused while limited.
    const right = await api(server.url).post('/api/auth/login', {
      email: me.email,
      password: me.password,
    });
    expect(right.status).toBe(429);

    clock = new Date(start.getTime() + 15 * 60_000 + 1000);
    const after = await api(server.url).post('/api/auth/login', {
      email: me.email,
      password: me.password,
    });
    expect(after.status).toBe(200);
  });

  it('limits per email: other accounts can still log in', async () => {
    const victim = await registerCustomer(server.url);
    for (let i = 0; i < 5; i++) {
      await api(server.url).post('/api/auth/login', { email: victim.email, password: 'nope-nope' });
    }
    const other = await registerCustomer(server.url);
    const res = await api(server.url).post('/api/auth/login', {
      email: other.email,
      password: other.password,
    });
    expect(res.status).toBe(200);
  });

  it('400 for a missing password', async () => {
    const res = await api(server.url).post('/api/auth/login', { email: 'a@example.com' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/body/password' })]);
  });
});

describe('GET /api/auth/validate', () => {
  it('200 with the account and expiry for a valid token', async () => {
    const me = await registerCustomer(server.url);
    const res = await api(server.url, me.token).get('/api/auth/validate');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      valid: true,
      accountId: me.account.accountId,
      expiresAt: expect.any(String),
    });
  });

  it('401 auth.missing_token without an Authorization header', async () => {
    const res = await api(server.url).get('/api/auth/validate');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('auth.missing_token');
  });

  it.each([
    ['a malformed header', 'Token abc'],
    ['a malformed token', 'Bearer not.a.jwt'],
    ['garbage', 'Bearer ' + 'x'.repeat(40)],
  ])('401 auth.invalid_token for %s', async (_name, header) => {
    const res = await api(server.url).get('/api/auth/validate', {
      headers: { authorization: header },
    });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('auth.invalid_token');
  });

  it('401 for an expired token', async () => {
    const me = await registerCustomer(server.url);
    const token = await sign(
      { sub: me.account.accountId, role: 'customer' },
      SECRET,
      seconds(clock) - 60,
    );
    const res = await api(server.url, token).get('/api/auth/validate');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('auth.invalid_token');
    expect(res.body.detail).toMatch(/expired/);
  });

  it('a token that worked stops working once it expires', async () => {
    const me = await registerCustomer(server.url);
    expect((await api(server.url, me.token).get('/api/auth/validate')).status).toBe(200);
    const before = clock;
    clock = new Date(before.getTime() + 24 * 3600 * 1000 + 1000);
    try {
      const res = await api(server.url, me.token).get('/api/auth/validate');
      expect(res.status).toBe(401);
      expect(res.body.detail).toMatch(/expired/);
    } finally {
      clock = before;
    }
  });

  it('401 for a token signed with another secret', async () => {
    const me = await registerCustomer(server.url);
    const token = await sign(
      { sub: me.account.accountId, role: 'customer' },
      'another-secret-another-secret-another-1',
      seconds(clock) + 3600,
    );
    const res = await api(server.url, token).get('/api/auth/validate');
    expect(res.status).toBe(401);
  });

  it('401 for an unsigned alg: none token', async () => {
    const me = await registerCustomer(server.url);
    const encode = (value: object) => base64url.encode(JSON.stringify(value));
    const token = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({
      sub: me.account.accountId,
      role: 'admin',
      exp: seconds(clock) + 3600,
    })}.`;
    const res = await api(server.url).get('/api/auth/validate', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('auth.invalid_token');
  });

  it('401 once the account is deleted', async () => {
    const me = await registerCustomer(server.url);
    server.db.prepare('DELETE FROM accounts WHERE account_id = ?').run(me.account.accountId);
    const res = await api(server.url, me.token).get('/api/auth/validate');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('auth.invalid_token');
  });

  it('reads the role from the database on each request, not from the token', async () => {
    const me = await registerCustomer(server.url);
    const item = { upc: '40000000001', itemName: 'Promo', unitPrice: 1 };
    expect((await api(server.url, me.token).post('/api/items', item)).status).toBe(403);
    server.db
      .prepare("UPDATE accounts SET role = 'admin' WHERE account_id = ?")
      .run(me.account.accountId);
    expect((await api(server.url, me.token).post('/api/items', item)).status).toBe(201);
  });

  it('seeded admin and customer can log in', async () => {
    expect(await loginAs(server.url, 'admin')).toMatch(/^ey/);
    expect(await loginAs(server.url, 'customer')).toMatch(/^ey/);
  });
});
