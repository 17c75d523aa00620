import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client as api,
  login,
  loginAs,
  registerCustomer,
  startInProcess,
  type RunningServer,
} from '@shop/test-kit';

let server: RunningServer;
beforeAll(async () => {
  server = await startInProcess();
});
afterAll(() => server.close());

const ACCOUNT_KEYS = [
  'accountId',
  'billingAddress',
  'createdAt',
  'email',
  'paymentMethod',
  'role',
  'shippingAddress',
  'updatedAt',
  'username',
];

describe('POST /api/accounts', () => {
  it('throttles registrations per client: 429 with Retry-After, whatever the outcome', async () => {
    const limited = await startInProcess({ authLimits: { registrationsPerClient: 2 } });
    try {
      const body = { email: 'twice@example.com', username: 'u', password: 'password-1' };
      expect((await api(limited.url).post('/api/accounts', body)).status).toBe(201);
      expect((await api(limited.url).post('/api/accounts', body)).status).toBe(409);
      const third = await api(limited.url).post('/api/accounts', body);
      expect(third.status).toBe(429);
      expect(third.body.code).toBe('auth.too_many_attempts');
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it('creates a customer with defaults and never returns the password', async () => {
    const res = await api(server.url).post('/api/accounts', {
      email: 'ada@example.com',
      username: 'ada',
      password: 'correct-horse-battery',
    });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(ACCOUNT_KEYS);
    expect(res.body).toMatchObject({
      email: 'ada@example.com',
      username: 'ada',
      role: 'customer',
      paymentMethod: 'pm_card_visa',
      shippingAddress: null,
      billingAddress: null,
    });
    expect(JSON.stringify(res.body)).not.toContain('correct-horse-battery');
  });

  it('keeps the optional fields it is given', async () => {
    const res = await api(server.url).post('/api/accounts', {
      email: 'grace@example.com',
      username: 'grace',
      password: 'hopper-cobol-1959',
      shippingAddress: '1 Navy Yard',
      billingAddress: '2 Navy Yard',
      paymentMethod: 'pm_card_declined',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      shippingAddress: '1 Navy Yard',
      billingAddress: '2 Navy Yard',
      paymentMethod: 'pm_card_declined',
    });
  });

  it('409 account.email_taken for an email already used (case-insensitive)', async () => {
    const { email } = await registerCustomer(server.url);
    const res = await api(server.url).post('/api/accounts', {
      email: email.toUpperCase(),
      username: 'dup',
      password: 'another-password',
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('account.email_taken');
  });

  it('cannot choose its role (unknown fields are rejected)', async () => {
    const res = await api(server.url).post('/api/accounts', {
      email: 'mallory@example.com',
      username: 'mallory',
      password: 'let-me-be-admin',
      role: 'admin',
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation.failed');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/body/role' })]);
  });

  it('400 for a short password and a bad email', async () => {
    const res = await api(server.url).post('/api/accounts', {
      email: 'not-an-email',
      username: 'x',
      password: 'short',
    });
    expect(res.status).toBe(400);
    const paths = (res.body.errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['/body/email', '/body/password']);
  });
});

describe('GET /api/accounts/{accountId}', () => {
  it('returns the caller’s own account', async () => {
    const me = await registerCustomer(server.url);
    const res = await api(server.url, me.token).get(`/api/accounts/${me.account.accountId}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(me.account);
  });

  it('404 account.not_found for another customer’s account (same as a missing one)', async () => {
    const me = await registerCustomer(server.url);
    const other = await registerCustomer(server.url);
    const theirs = await api(server.url, me.token).get(`/api/accounts/${other.account.accountId}`);
    const missing = await api(server.url, me.token).get(
      '/api/accounts/00000000-0000-4000-8000-000000000000',
    );
    expect(theirs.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(theirs.body.code).toBe('account.not_found');
    expect(missing.body.code).toBe('account.not_found');
  });

  it('an admin can read any account', async () => {
    const customer = await registerCustomer(server.url);
    const admin = await loginAs(server.url, 'admin');
    const res = await api(server.url, admin).get(`/api/accounts/${customer.account.accountId}`);
    expect(res.status).toBe(200);
    expect(res.body.email).toBe(customer.email);
  });

  it('401 auth.missing_token without a token', async () => {
    const res = await api(server.url).get('/api/accounts/00000000-0000-4000-8000-000000000000');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('auth.missing_token');
  });
});

describe('PUT /api/accounts/{accountId}', () => {
  it('changes only the fields sent', async () => {
    const me = await registerCustomer(server.url, { shippingAddress: 'Old Street 1' });
    const res = await api(server.url, me.token).put(`/api/accounts/${me.account.accountId}`, {
      paymentMethod: 'pm_card_slow',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      email: me.email,
      username: me.account.username,
      shippingAddress: 'Old Street 1',
      paymentMethod: 'pm_card_slow',
    });
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(
      Date.parse(String(me.account.updatedAt)),
    );
  });

  it('clears an address with null', async () => {
    const me = await registerCustomer(server.url, { billingAddress: 'Bill Street 2' });
    const res = await api(server.url, me.token).put(`/api/accounts/${me.account.accountId}`, {
      billingAddress: null,
    });
    expect(res.status).toBe(200);
    expect(res.body.billingAddress).toBeNull();
  });

  it('a new password works for login, the old one no longer does', async () => {
    const me = await registerCustomer(server.url);
    const res = await api(server.url, me.token).put(`/api/accounts/${me.account.accountId}`, {
      password: 'brand-new-password',
    });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain('brand-new-password');
    const oldLogin = await api(server.url).post('/api/auth/login', {
      email: me.email,
      password: me.password,
    });
    const newLogin = await api(server.url).post('/api/auth/login', {
      email: me.email,
      password: 'brand-new-password',
    });
    expect(oldLogin.status).toBe(401);
    expect(newLogin.status).toBe(200);
  });

  it('a new password ends earlier tokens; one issued right after it works', async () => {
    const me = await registerCustomer(server.url);
    const res = await api(server.url, me.token).put(`/api/accounts/${me.account.accountId}`, {
      password: 'another-new-password',
    });
    expect(res.status).toBe(200);
    const fresh = await login(server.url, me.email, 'another-new-password');
    const old = await api(server.url, me.token).get('/api/auth/validate');
    expect(old.status).toBe(401);
    expect(old.body.code).toBe('auth.invalid_token');
    expect((await api(server.url, fresh).get('/api/auth/validate')).status).toBe(200);
  });

  it('400 for a new password over 72 UTF-8 bytes (bcrypt would ignore the rest)', async () => {
    const me = await registerCustomer(server.url);
    const res = await api(server.url, me.token).put(`/api/accounts/${me.account.accountId}`, {
      password: 'ü'.repeat(40),
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation.failed');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/body/password' })]);
  });

  it('changes the email unless another account has it (409)', async () => {
    const me = await registerCustomer(server.url);
    const other = await registerCustomer(server.url);
    const taken = await api(server.url, me.token).put(`/api/accounts/${me.account.accountId}`, {
      email: other.email,
    });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('account.email_taken');
    const fresh = await api(server.url, me.token).put(`/api/accounts/${me.account.accountId}`, {
      email: `renamed-${me.email}`,
    });
    expect(fresh.status).toBe(200);
    expect(fresh.body.email).toBe(`renamed-${me.email}`);
  });

  it('404 for another customer’s account; an admin may update it', async () => {
    const me = await registerCustomer(server.url);
    const other = await registerCustomer(server.url);
    const denied = await api(server.url, me.token).put(`/api/accounts/${other.account.accountId}`, {
      username: 'hijacked',
    });
    expect(denied.status).toBe(404);
    expect(denied.body.code).toBe('account.not_found');
    const admin = await loginAs(server.url, 'admin');
    const allowed = await api(server.url, admin).put(`/api/accounts/${other.account.accountId}`, {
      username: 'renamed by admin',
    });
    expect(allowed.status).toBe(200);
    expect(allowed.body.username).toBe('renamed by admin');
  });

  it('400 for an empty body (at least one field)', async () => {
    const me = await registerCustomer(server.url);
    const res = await api(server.url, me.token).put(`/api/accounts/${me.account.accountId}`, {});
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation.failed');
  });
});
