import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { login } from '../../domain/auth/login.js';
import { authOf, requireAuth } from '../auth.js';

/** Tag Auth: login and token check. */
export function createAuthRouter(ctx: AppContext): Router {
  const router = Router();

  router.post('/login', async (req, res) => {
    const body = req.body as { email: string; password: string };
    res.json(await login(ctx.db, ctx.jwtSecret, body, ctx.now()));
  });

  router.get('/validate', requireAuth(ctx), (_req, res) => {
    const { accountId, expiresAt } = authOf(res);
    res.json({ valid: true, accountId, expiresAt: expiresAt.toISOString() });
  });

  return router;
}
