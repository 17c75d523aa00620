import type { Schemas } from '../../api-types.js';
import type { Db } from '../../db/database.js';
import { findAccountByEmail } from '../../db/repositories/accounts.js';
import {
  clearLoginAttempts,
  nthRecentAttemptForClient,
  nthRecentAttemptForPair,
  recordLoginAttempt,
  type LoginAttemptKey,
} from '../../db/repositories/login-attempts.js';
import { inImmediateTransaction } from '../../db/transaction.js';
import { DomainError } from '../errors.js';
import type { AuthLimits } from './limits.js';
import { assertPasswordFits, type PasswordHasher } from './passwords.js';
import { issueToken } from './tokens.js';

export type LoginResult = Schemas['LoginResponse'];

export interface LoginDeps {
  db: Db;
  passwords: PasswordHasher;
  secret: Uint8Array;
  limits: AuthLimits;
}

/**
 * Email + password → access token. Unknown email and wrong password fail alike (same code,
 * similar time). Failures are limited per (email, client) and per client inside a sliding
 * window; past a limit attempts get 429 until the blocking failure leaves the window.
 */
export async function login(
  { db, passwords, secret, limits }: LoginDeps,
  credentials: { email: string; password: string },
  client: string,
  now: Date,
): Promise<LoginResult> {
  assertPasswordFits(credentials.password);
  const key: LoginAttemptKey = { email: credentials.email.toLowerCase(), client };
  reserveAttempt(db, limits, key, now.getTime());

  const account = findAccountByEmail(db, credentials.email);
  const ok = account
    ? await passwords.verify(credentials.password, account.passwordHash)
    : await passwords.burn(credentials.password);
  if (!account || !ok) {
    // The reserved attempt stays: it is the recorded failure.
    throw new DomainError('auth.invalid_credentials', 'The email or password is wrong.');
  }
  clearLoginAttempts(db, key);
  const issued = await issueToken(secret, account, now);
  return {
    token: issued.token,
    tokenType: 'Bearer',
    expiresAt: issued.expiresAt.toISOString(),
    accountId: account.accountId,
  };
}

/**
 * Counts the attempt as a failure before the (slow, async) password check, in the same
 * synchronous step as the limit check: concurrent logins each see the ones before them, so no
 * burst gets more checks than the limit. A success clears it afterwards.
 */
function reserveAttempt(db: Db, limits: AuthLimits, key: LoginAttemptKey, nowMs: number): void {
  const since = nowMs - limits.loginWindowMs;
  const retryAfter = (blocking: number): number =>
    Math.max(1, Math.ceil((blocking + limits.loginWindowMs - nowMs) / 1000));
  inImmediateTransaction(db, () => {
    const pair = nthRecentAttemptForPair(db, key, since, limits.loginFailuresPerEmailClient);
    if (pair !== undefined) {
      throw tooMany(retryAfter(pair), 'Too many failed logins for this email from your address');
    }
    const all = nthRecentAttemptForClient(db, key.client, since, limits.loginFailuresPerClient);
    if (all !== undefined) {
      throw tooMany(retryAfter(all), 'Too many failed logins from your address');
    }
    recordLoginAttempt(db, key, nowMs, since);
  });
}

const tooMany = (retryAfterSeconds: number, what: string): DomainError =>
  new DomainError('auth.too_many_attempts', `${what}; try again in ${retryAfterSeconds} seconds.`, {
    retryAfterSeconds,
  });
