/**
 * Authentication under abuse: login bursts, bcrypt's 72-byte limit, lockouts per client,
 * registration throttling and tokens that outlive a password change. Real servers over HTTP;
 * other client addresses are real sockets bound to other loopback addresses (127.0.0.x).
 */
import { request } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { RunningServer } from '@shop/server';
import { afterEach, describe, expect, it } from 'vitest';
import { client, login, registerCustomer, type Reply, startInProcess } from '@shop/test-kit';
import { expectProblem } from './support/http.js';

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(options: Parameters<typeof startInProcess>[0] = {}): Promise<string> {
  const server = await startInProcess(options);
  servers.push(server);
  return server.url;
}

/** A JSON POST sent from `localAddress` (a loopback address), so the server sees another client. */
function postFrom(
  localAddress: string,
  baseUrl: string,
  path: string,
  json: unknown,
): Promise<Reply> {
  const url = new URL(path, baseUrl);
  const body = JSON.stringify(json);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        localAddress,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (typeof value === 'string') headers.set(name, value);
          }
          const type = headers.get('content-type') ?? '';
          resolve({
            status: res.statusCode ?? 0,
            headers,
            text,
            body: /[/+]json\b/.test(type) && text !== '' ? JSON.parse(text) : undefined,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const newEmail = (): string => `abuse-${randomUUID()}@example.com`;

describe('login burst', () => {
  it('checks at most the limit of passwords however many logins arrive at once', async () => {
    const url = await start();
    const victim = await registerCustomer(url);
    // 39 wrong guesses and the right password last: all in flight together.
    const passwords = [
      ...Array.from({ length: 39 }, (_, i) => `wrong-guess-${i}`),
      victim.password,
    ];
    const replies = await Promise.all(
      passwords.map((password) =>
        client(url).post('/api/auth/login', { email: victim.email, password }),
      ),
    );
    const checked = replies.filter((r) => r.status === 200 || r.status === 401);
    const limited = replies.filter((r) => r.status === 429);
    // Five attempts are let through to the password check; every other one is refused first.
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(limited.length).toBe(40 - checked.length);
    for (const reply of limited) {
      expectProblem(reply, 429, 'auth.too_many_attempts');
      expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // The right password, sent after more than five failures were in flight, is not accepted.
    expect(replies.at(-1)?.status).toBe(429);
  });
});

describe('passwords longer than bcrypt reads (72 UTF-8 bytes)', () => {
  const long = `${'A'.repeat(72)}secret-suffix`;

  it('are refused at registration, password change and login instead of being cut', async () => {
    const url = await start();
    const anon = client(url);
    const email = newEmail();
    expectProblem(
      await anon.post('/api/accounts', { email, username: 'long', password: long }),
      400,
      'validation.failed',
    );
    // 40 characters, 80 bytes: the limit is in bytes, not characters.
    expectProblem(
      await anon.post('/api/accounts', { email, username: 'long', password: 'é'.repeat(40) }),
      400,
      'validation.failed',
    );

    const exact = 'A'.repeat(72);
    const created = await anon.post('/api/accounts', { email, username: 'a', password: exact });
    expect(created.status, created.text).toBe(201);
    const token = await login(url, email, exact);
    const change = await client(url, token).put(`/api/accounts/${created.body.accountId}`, {
      password: long,
    });
    expectProblem(change, 400, 'validation.failed');
    expectProblem(
      await anon.post('/api/auth/login', { email, password: long }),
      400,
      'validation.failed',
    );
  });

  it('are refused for the seeded admin (SHOP_ADMIN_PASSWORD) before the server starts', async () => {
    await expect(start({ adminPassword: long })).rejects.toThrow(/72 bytes/);
  });
});

describe('lockout per client', () => {
  const loginFrom = (address: string, url: string, email: string, password: string) =>
    postFrom(address, url, '/api/auth/login', { email, password });

  const expectLimited = (reply: Reply): void => {
    expectProblem(reply, 429, 'auth.too_many_attempts');
    expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
  };

  it("another client's guesses do not lock out the right password from a different address", async () => {
    const url = await start();
    const victim = await registerCustomer(url);
    for (let i = 0; i < 5; i++) {
      const reply = await loginFrom('127.0.0.2', url, victim.email, `wrong-${i}`);
      expectProblem(reply, 401, 'auth.invalid_credentials');
    }
    expectLimited(await loginFrom('127.0.0.2', url, victim.email, victim.password));
    const owner = await loginFrom('127.0.0.3', url, victim.email, victim.password);
    expect(owner.status, owner.text).toBe(200);
  });

  it('limits one client spraying guesses over many emails', async () => {
    const url = await start({ authLimits: { loginFailuresPerClient: 8 } });
    const victim = await registerCustomer(url);
    for (let i = 0; i < 8; i++) {
      const reply = await loginFrom('127.0.0.4', url, newEmail(), 'password-1');
      expectProblem(reply, 401, 'auth.invalid_credentials');
    }
    expectLimited(await loginFrom('127.0.0.4', url, victim.email, victim.password));
    // Other clients are not affected.
    const other = await loginFrom('127.0.0.5', url, victim.email, victim.password);
    expect(other.status, other.text).toBe(200);
  });
});

describe('registration throttle', () => {
  it('answers 429 with Retry-After once a client has registered too often', async () => {
    const url = await start({ authLimits: { registrationsPerClient: 3 } });
    const account = (email: string) => ({ email, username: 'r', password: 'password-123' });
    const taken = newEmail();
    const replies = [];
    for (const email of [taken, taken, newEmail()]) {
      replies.push(await postFrom('127.0.0.6', url, '/api/accounts', account(email)));
    }
    expect(replies.map((r) => r.status)).toEqual([201, 409, 201]);
    // The enumeration oracle (409 for a known email) is closed too.
    for (const email of [taken, newEmail()]) {
      const limited = await postFrom('127.0.0.6', url, '/api/accounts', account(email));
      expectProblem(limited, 429, 'auth.too_many_attempts');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect((await postFrom('127.0.0.7', url, '/api/accounts', account(newEmail()))).status).toBe(
      201,
    );
  });
});

describe('tokens and password changes', () => {
  it('rejects tokens issued before the last password change, not one issued right after', async () => {
    const url = await start();
    const me = await registerCustomer(url);
    const other = await login(url, me.email, me.password);
    const changed = await client(url, me.token).put(`/api/accounts/${me.accountId}`, {
      password: 'a-brand-new-password',
    });
    expect(changed.status, changed.text).toBe(200);
    // Within the same second as the change.
    const fresh = await login(url, me.email, 'a-brand-new-password');

    for (const token of [me.token, other]) {
      expectProblem(await client(url, token).get('/api/auth/validate'), 401, 'auth.invalid_token');
      expectProblem(
        await client(url, token).get(`/api/accounts/${me.accountId}`),
        401,
        'auth.invalid_token',
      );
    }
    expect((await client(url, fresh).get('/api/auth/validate')).status).toBe(200);
    // Changing other fields keeps tokens valid.
    const renamed = await client(url, fresh).put(`/api/accounts/${me.accountId}`, {
      username: 'renamed',
    });
    expect(renamed.status).toBe(200);
    expect((await client(url, fresh).get('/api/auth/validate')).status).toBe(200);
  });
});
