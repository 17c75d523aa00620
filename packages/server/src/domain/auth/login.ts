import type { Schemas } from '../../api-types.js';
import type { Db } from '../../db/database.js';
import { findAccountByEmail } from '../../db/repositories/accounts.js';
import {
  clearFailedLogins,
  failedLoginsSince,
  recordFailedLogin,
} from '../../db/repositories/login-attempts.js';
import { DomainError } from '../errors.js';
import { burnPasswordCheck, verifyPassword } from './passwords.js';
import { issueToken } from './tokens.js';

export const MAX_FAILED_LOGINS = 5;
export const FAILED_LOGIN_WINDOW_MS = 15 * 60 * 1000;

export type LoginResult = Schemas['LoginResponse'];

/**
 * Email + password → access token. Unknown email and wrong password fail alike (same code,
 * similar time). After MAX_FAILED_LOGINS failures for one email inside the window, further
 * attempts get 429 until the oldest failure leaves the window (`retryAfterSeconds`).
 */
export async function login(
  db: Db,
  secret: Uint8Array,
  credentials: { email: string; password: string },
  now: Date,
): Promise<LoginResult> {
  const key = credentials.email.toLowerCase();
  const nowMs = now.getTime();
  const windowStart = nowMs - FAILED_LOGIN_WINDOW_MS;
  const failures = failedLoginsSince(db, key, windowStart);
  if (failures.length >= MAX_FAILED_LOGINS) {
    // The window frees a slot when the failure that would leave us at the limit expires.
    const blocking = failures[failures.length - MAX_FAILED_LOGINS] ?? nowMs;
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil((blocking + FAILED_LOGIN_WINDOW_MS - nowMs) / 1000),
    );
    throw new DomainError(
      'auth.too_many_attempts',
      `Too many failed logins for this email; try again in ${retryAfterSeconds} seconds.`,
      { retryAfterSeconds },
    );
  }

  const account = findAccountByEmail(db, credentials.email);
  const ok = account
    ? await verifyPassword(credentials.password, account.passwordHash)
    : await burnPasswordCheck(credentials.password);
  if (!account || !ok) {
    recordFailedLogin(db, key, nowMs, windowStart);
    throw new DomainError('auth.invalid_credentials', 'The email or password is wrong.');
  }
  clearFailedLogins(db, key);
  const issued = await issueToken(secret, account, now);
  return {
    token: issued.token,
    tokenType: 'Bearer',
    expiresAt: issued.expiresAt.toISOString(),
    accountId: account.accountId,
  };
}
