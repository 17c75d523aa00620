import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { getPayment, listPayments, refundPayment } from '../../domain/payments/payments.js';
import { authOf, requireAuth } from '../auth.js';
import { respondToCommand } from '../idempotency.js';
import { requestIdOf } from '../request-id.js';
import { pageQuery } from './paging.js';

/** Tag Payments: the caller's payments only (ownership through the order). */
export function createPaymentsRouter(ctx: AppContext): Router {
  const router = Router();
  const auth = requireAuth(ctx);

  router.get('/', auth, (req, res) => {
    const orderId = req.query.orderId as string | undefined;
    res.json(listPayments(ctx.db, authOf(res).accountId, { ...pageQuery(req), orderId }));
  });

  router.get('/:paymentId', auth, (req, res) => {
    res.json(getPayment(ctx.db, authOf(res).accountId, req.params.paymentId as string));
  });

  router.post('/:paymentId/refund', auth, (req, res) => {
    respondToCommand(
      ctx,
      req,
      res,
      () => 200,
      () =>
        refundPayment(
          ctx.db,
          authOf(res).accountId,
          req.params.paymentId as string,
          ctx.now(),
          requestIdOf(res),
        ),
    );
  });

  return router;
}
