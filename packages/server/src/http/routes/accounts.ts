import { Router, type RequestHandler } from 'express';
import { rateLimit, type RateLimitInfo } from 'express-rate-limit';
import type { AppContext } from '../../context.js';
import {
  createAccount,
  getAccount,
  updateAccount,
  type AccountCreate,
  type AccountUpdate,
} from '../../domain/accounts/accounts.js';
import type { AuthLimits } from '../../domain/auth/limits.js';
import { DomainError } from '../../domain/errors.js';
import { authOf, clientAddressOf, requireAuth } from '../auth.js';

/** Tag Accounts. Bodies are already checked against the contract by the validator. */
export function createAccountsRouter(ctx: AppContext): Router {
  const router = Router();
  const auth = requireAuth(ctx);

  router.post('/', registrationThrottle(ctx.authLimits), async (req, res) => {
    const account = await createAccount(
      ctx.db,
      ctx.passwords,
      req.body as AccountCreate,
      ctx.now(),
    );
    res.status(201).json(account);
  });

  router.get('/:accountId', auth, (req, res) => {
    res.json(getAccount(ctx.db, authOf(res), req.params.accountId as string));
  });

  router.put('/:accountId', auth, async (req, res) => {
    const account = await updateAccount(
      ctx.db,
      ctx.passwords,
      authOf(res),
      req.params.accountId as string,
      req.body as AccountUpdate,
      ctx.now(),
    );
    res.json(account);
  });

  return router;
}

/**
 * Registrations per client address, whatever their outcome: 409 `account.email_taken` tells
 * whether an email has an account, so unthrottled it would let anyone test email lists.
 * Counted in memory (a restart forgets them), before any work.
 */
function registrationThrottle(limits: AuthLimits): RequestHandler {
  return rateLimit({
    windowMs: limits.registrationWindowMs,
    limit: limits.registrationsPerClient,
    keyGenerator: clientAddressOf,
    // Only Retry-After, set by the error handler (the contract documents no RateLimit headers).
    standardHeaders: false,
    legacyHeaders: false,
    // Not trusting X-Forwarded-For is deliberate here, not a misconfiguration to warn about.
    validate: { xForwardedForHeader: false },
    handler: (req, _res, next) => {
      const info = (req as { rateLimit?: RateLimitInfo }).rateLimit;
      const resetTime = info?.resetTime?.getTime() ?? Date.now();
      const retryAfterSeconds = Math.max(1, Math.ceil((resetTime - Date.now()) / 1000));
      next(
        new DomainError(
          'auth.too_many_attempts',
          `Too many registrations from your address; try again in ${retryAfterSeconds} seconds.`,
          { retryAfterSeconds },
        ),
      );
    },
  });
}
