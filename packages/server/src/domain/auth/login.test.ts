import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/database.js';
import { createAccount } from '../accounts/accounts.js';
import { DomainError } from '../errors.js';
import { authLimits } from './limits.js';
import { login, type LoginDeps } from './login.js';
import { createPasswordHasher, type PasswordHasher } from './passwords.js';

let db: Db;
let passwords: PasswordHasher;
let verifications = 0;
const start = new Date('2031-05-01T00:00:00Z');
const at = (minutes: number): Date => new Date(start.getTime() + minutes * 60_000);

beforeAll(() => {
  db = openDatabase(':memory:');
  const real = createPasswordHasher({ threads: 2 });
  // The real pool, with the password checks counted.
  passwords = {
    ...real,
    verify: (password, hash) => {
      verifications += 1;
      return real.verify(password, hash);
    },
    burn: (password) => {
      verifications += 1;
      return real.burn(password);
    },
  };
});
afterAll(async () => {
  await passwords.close();
  db.close();
});

const deps = (limits = authLimits()): LoginDeps => ({
  db,
  passwords,
  secret: new TextEncoder().encode('login-test-secret-login-test-secret-0'),
  limits,
});

let n = 0;
async function account(): Promise<{ email: string; password: string }> {
  n += 1;
  const input = { email: `login-${n}@example.test`, username: 'u', password: `password-${n}` };
  await createAccount(db, passwords, input, start);
  return input;
}

/** The code of the DomainError `promise` rejects with, or 'ok'. */
const outcome = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'ok',
    (error: unknown) => {
      if (error instanceof DomainError) return error.code;
      throw error;
    },
  );

describe('login throttling', () => {
  it('reserves each attempt before the password check: a burst gets at most the limit of checks', async () => {
    const me = await account();
    verifications = 0;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        outcome(
          login(
            deps(),
            { email: me.email, password: i === 11 ? me.password : `no-${i}` },
            'a',
            at(0),
          ),
        ),
      ),
    );
    expect(verifications).toBe(5);
    expect(results.filter((r) => r === 'auth.invalid_credentials')).toHaveLength(5);
    expect(results.filter((r) => r === 'auth.too_many_attempts')).toHaveLength(7);
    expect(results.at(-1)).toBe('auth.too_many_attempts');
  });

  it('counts per (email, client): the owner elsewhere is not locked out', async () => {
    const me = await account();
    for (let i = 0; i < 5; i++) {
      await expect(
        outcome(login(deps(), { ...me, password: 'wrong-one' }, 'attacker', at(1))),
      ).resolves.toBe('auth.invalid_credentials');
    }
    await expect(outcome(login(deps(), me, 'attacker', at(2)))).resolves.toBe(
      'auth.too_many_attempts',
    );
    await expect(outcome(login(deps(), me, 'owner', at(2)))).resolves.toBe('ok');
  });

  it('limits one client over all emails, until the window frees it (Retry-After)', async () => {
    const limits = authLimits({ loginFailuresPerClient: 3 });
    for (let i = 0; i < 3; i++) {
      await outcome(
        login(
          deps(limits),
          { email: `ghost-${i}@example.test`, password: 'x' },
          'spray',
          at(10 + i),
        ),
      );
    }
    const me = await account();
    const blocked = await login(deps(limits), me, 'spray', at(13)).catch((error: unknown) => error);
    expect(blocked).toBeInstanceOf(DomainError);
    expect((blocked as DomainError).code).toBe('auth.too_many_attempts');
    // The first of the three failures (minute 10) leaves the window at minute 25.
    expect((blocked as DomainError).extensions.retryAfterSeconds).toBe(12 * 60);
    await expect(outcome(login(deps(limits), me, 'spray', at(25.01)))).resolves.toBe('ok');
  });

  it('a success clears the failures of that email and client', async () => {
    const me = await account();
    for (let i = 0; i < 4; i++)
      await outcome(login(deps(), { ...me, password: 'nope-nope' }, 'c', at(30)));
    await expect(outcome(login(deps(), me, 'c', at(30)))).resolves.toBe('ok');
    for (let i = 0; i < 5; i++) {
      await expect(
        outcome(login(deps(), { ...me, password: 'nope-nope' }, 'c', at(31))),
      ).resolves.toBe('auth.invalid_credentials');
    }
  });

  it('refuses a password over 72 bytes before counting or checking it', async () => {
    const me = await account();
    verifications = 0;
    await expect(
      outcome(
        login(
          deps(),
          { email: me.email, password: `${me.password}${'x'.repeat(80)}` },
          'd',
          at(40),
        ),
      ),
    ).resolves.toBe('validation.failed');
    expect(verifications).toBe(0);
  });
});
