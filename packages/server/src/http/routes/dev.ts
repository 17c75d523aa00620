import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { resetDatabase } from '../../db/reset.js';
import { seedIfEmpty, type SeedAccounts } from '../../db/seed.js';

/**
 * `POST /_dev/reset` (only with --dev): empties every table but the migration log and settings
 * (so the JWT secret and issued tokens' signatures stay valid), then seeds again if the server
 * seeds. Outside the contract and the validator.
 */
export function createDevRouter(ctx: AppContext, options: { seed: SeedAccounts | false }): Router {
  const router = Router();
  router.post('/_dev/reset', async (_req, res) => {
    resetDatabase(ctx.db);
    if (options.seed) await seedIfEmpty(ctx.db, ctx.passwords, ctx.now(), options.seed);
    res.status(204).end();
  });
  return router;
}
