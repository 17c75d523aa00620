import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import type { AppContext } from '../context.js';
import { authenticate, type AuthenticatedAccount } from '../domain/auth/tokens.js';
import { DomainError } from '../domain/errors.js';

/** What `requireAuth` leaves in `res.locals.auth`: `{ accountId, role, expiresAt }`. */
export type AuthInfo = AuthenticatedAccount;

/** The caller set by `requireAuth`; throws if a route forgot to mount it (a programming error). */
export function authOf(res: Response): AuthInfo {
  const auth = res.locals.auth as AuthInfo | undefined;
  if (!auth) throw new Error('authOf() called on a route without requireAuth()');
  return auth;
}

async function authenticateRequest(ctx: AppContext, req: Request): Promise<AuthInfo> {
  const header = req.get('authorization');
  if (header === undefined || header.trim() === '') {
    throw new DomainError(
      'auth.missing_token',
      'This operation needs an "Authorization: Bearer <token>" header; get a token from POST /api/auth/login.',
    );
  }
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (!match?.[1]) {
    throw new DomainError(
      'auth.invalid_token',
      'The Authorization header must have the form "Bearer <token>".',
    );
  }
  return authenticate(ctx, match[1]);
}

/**
 * Bearer-token check for protected routes: verifies the JWT (HS256 only) and re-reads the
 * account, so a deleted account's token stops working and role changes apply at once.
 * Sets `res.locals.auth` or fails with 401 `auth.missing_token` / `auth.invalid_token`.
 */
export function requireAuth(ctx: AppContext): RequestHandler {
  return async (req, res, next) => {
    res.locals.auth = await authenticateRequest(ctx, req);
    next();
  };
}

/** `requireAuth` plus the admin role; customers get 403 `auth.forbidden`. */
export function requireAdmin(ctx: AppContext): RequestHandler {
  return async (req, res, next) => {
    const auth = await authenticateRequest(ctx, req);
    res.locals.auth = auth;
    if (auth.role !== 'admin') {
      throw new DomainError('auth.forbidden', 'This operation needs an admin account.');
    }
    next();
  };
}

/**
 * Whom the login and registration throttles count against: the socket's remote address
 * (`req.ip`; proxies are not trusted, so X-Forwarded-For cannot pick it). IPv4-mapped IPv6 is
 * read as IPv4, and IPv6 counts per /56, the smallest block one subscriber usually gets.
 */
export const clientAddressOf = (req: Request): string =>
  ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');
