import { randomBytes, webcrypto } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { findAccountAuth, type Role } from '../../db/repositories/accounts.js';
import { getOrCreateSetting } from '../../db/repositories/settings.js';
import { DomainError } from '../errors.js';

const TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
const JWT_SECRET_SETTING = 'jwt_secret';

/** The caller behind a verified token, with the role as the database has it now. */
export interface AuthenticatedAccount {
  accountId: string;
  role: Role;
  expiresAt: Date;
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/**
 * The HS256 key: `SHOP_JWT_SECRET` when given, else 32 random bytes generated on first start and
 * kept in the settings table, so tokens survive a restart on the same database file.
 */
export function resolveJwtSecret(db: Db, configured: string | undefined): Uint8Array {
  if (configured !== undefined) return new TextEncoder().encode(configured);
  const stored = getOrCreateSetting(db, JWT_SECRET_SETTING, () =>
    randomBytes(32).toString('base64url'),
  );
  return Buffer.from(stored, 'base64url');
}

const keys = new WeakMap<Uint8Array, Promise<CryptoKey>>();

/**
 * The secret as a WebCrypto key, imported once per secret: given raw bytes, jose imports one on
 * every sign and verify, which costs about as much as the HMAC itself.
 */
function keyFor(secret: Uint8Array): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    keys.set(secret, key);
  }
  return key;
}

export async function issueToken(
  secret: Uint8Array,
  account: { accountId: string; role: Role; passwordVersion: number },
  now: Date,
): Promise<IssuedToken> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = new Date((issuedAt + TOKEN_TTL_MS / 1000) * 1000);
  // `pv`: the password version the token was issued under (see authenticate).
  const token = await new SignJWT({ role: account.role, pv: account.passwordVersion })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(account.accountId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(await keyFor(secret));
  return { token, expiresAt };
}

/**
 * Verifies a bearer token and re-reads the account. Only HS256 is accepted, so `alg: none` and
 * tokens signed for other algorithms fail; so do expired tokens, tokens signed with another
 * secret, tokens of deleted accounts and tokens issued before the account's last password
 * change. All of them are 401 `auth.invalid_token`.
 */
export async function authenticate(ctx: AppContext, token: string): Promise<AuthenticatedAccount> {
  const { sub, exp, pv } = await verifiedClaims(ctx, token);
  if (exp * 1000 <= ctx.now().getTime()) throw invalidToken('The token has expired; log in again.');
  const account = findAccountAuth(ctx.db, sub);
  if (account === undefined) throw invalidToken('The account of this token no longer exists.');
  // A version, not a time: `iat` has whole seconds, and a token issued in the same second right
  // after a change must work while one from just before it must not.
  if (pv !== account.passwordVersion) {
    throw invalidToken(
      "The account's password was changed after this token was issued; log in again.",
    );
  }
  return { accountId: sub, role: account.role, expiresAt: new Date(exp * 1000) };
}

interface VerifiedClaims {
  sub: string;
  exp: number;
  /** Password version; tokens from before the claim existed count as version 0. */
  pv: number;
}

const VERIFIED_CACHE_SIZE = 10_000;
const verifiedTokens = new WeakMap<Uint8Array, Map<string, VerifiedClaims>>();

/**
 * Signature check with a small memo: a client sends the same token on every request, and
 * WebCrypto's HMAC verify costs more than the rest of a typical request. A token string that
 * verified once under a secret always verifies under it, so only expiry (checked by the caller
 * on every request) and the account (re-read every request) can change its answer.
 */
async function verifiedClaims(ctx: AppContext, token: string): Promise<VerifiedClaims> {
  let cache = verifiedTokens.get(ctx.jwtSecret);
  if (!cache) {
    cache = new Map();
    verifiedTokens.set(ctx.jwtSecret, cache);
  }
  const known = cache.get(token);
  if (known) return known;

  let claims: VerifiedClaims;
  try {
    const { payload } = await jwtVerify(token, await keyFor(ctx.jwtSecret), {
      algorithms: ['HS256'],
      currentDate: ctx.now(),
      requiredClaims: ['sub', 'exp'],
    });
    if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') {
      throw invalidToken('The token has no subject or expiry.');
    }
    const pv = payload.pv ?? 0;
    if (typeof pv !== 'number') throw invalidToken('The token has a malformed claim.');
    claims = { sub: payload.sub, exp: payload.exp, pv };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) throw invalidToken(describe(error), error);
    throw error;
  }
  // Oldest first out (Map keeps insertion order): bounded memory whatever tokens arrive.
  if (cache.size >= VERIFIED_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(token, claims);
  return claims;
}

function describe(error: InstanceType<typeof joseErrors.JOSEError>): string {
  if (error instanceof joseErrors.JWTExpired) return 'The token has expired; log in again.';
  return 'The token is not valid; log in again to get a new one.';
}

const invalidToken = (detail: string, cause?: unknown): DomainError =>
  new DomainError('auth.invalid_token', detail, {}, { cause });
