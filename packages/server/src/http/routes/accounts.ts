import { Router } from 'express';
import type { AppContext } from '../../context.js';
import {
  createAccount,
  getAccount,
  updateAccount,
  type AccountCreate,
  type AccountUpdate,
} from '../../domain/accounts/accounts.js';
import { authOf, requireAuth } from '../auth.js';

/** Tag Accounts. Bodies are already checked against the contract by the validator. */
export function createAccountsRouter(ctx: AppContext): Router {
  const router = Router();
  const auth = requireAuth(ctx);

  router.post('/', async (req, res) => {
    const account = await createAccount(ctx.db, req.body as AccountCreate, ctx.now());
    res.status(201).json(account);
  });

  router.get('/:accountId', auth, (req, res) => {
    res.json(getAccount(ctx.db, authOf(res), req.params.accountId as string));
  });

  router.put('/:accountId', auth, async (req, res) => {
    const account = await updateAccount(
      ctx.db,
      authOf(res),
      req.params.accountId as string,
      req.body as AccountUpdate,
      ctx.now(),
    );
    res.json(account);
  });

  return router;
}
