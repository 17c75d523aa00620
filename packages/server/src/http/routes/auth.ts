import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { login } from '../../domain/auth/login.js';
import { authOf, clientAddressOf, requireAuth } from '../auth.js';

/** Tag Auth: login and token check. */
export function createAuthRouter(ctx: AppContext): Router {
  const router = Router();
  const deps = {
    db: ctx.db,
    passwords: ctx.passwords,
    secret: ctx.jwtSecret,
    limits: ctx.authLimits,
  };

  router.post('/login', async (req, res) => {
    const body = req.body as { email: string; password: string };
    res.json(await login(deps, body, clientAddressOf(req), ctx.now()));
  });

  router.get('/validate', requireAuth(ctx), (_req, res) => {
    const { accountId, expiresAt } = authOf(res);
    res.json({ valid: true, accountId, expiresAt: expiresAt.toISOString() });
  });

  return router;
}
