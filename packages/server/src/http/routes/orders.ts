import { Router } from 'express';
import type { AppContext } from '../../context.js';
import {
  cancelOrder,
  createOrder,
  getOrder,
  listOrders,
  type OrderLineInput,
  type OrderStatus,
} from '../../domain/orders/orders.js';
import { authOf, requireAuth } from '../auth.js';
import { respondToCommand } from '../idempotency.js';
import { requestIdOf } from '../request-id.js';
import { pageQuery } from './paging.js';

/** Tag Orders: the request was validated against the contract before it gets here. */
export function createOrdersRouter(ctx: AppContext): Router {
  const router = Router();
  const auth = requireAuth(ctx);

  router.post('/', auth, (req, res) => {
    const body = req.body as { items: OrderLineInput[] };
    respondToCommand(
      ctx,
      req,
      res,
      () => 201,
      () =>
        createOrder(
          ctx.db,
          { accountId: authOf(res).accountId, items: body.items, requestId: requestIdOf(res) },
          ctx.now(),
        ),
    );
  });

  router.get('/', auth, (req, res) => {
    const status = req.query.status as OrderStatus | undefined;
    res.json(listOrders(ctx.db, authOf(res).accountId, { ...pageQuery(req), status }));
  });

  router.get('/:orderId', auth, (req, res) => {
    res.json(getOrder(ctx.db, authOf(res).accountId, req.params.orderId as string));
  });

  router.delete('/:orderId', auth, (req, res) => {
    const { order, accepted } = cancelOrder(
      ctx.db,
      authOf(res).accountId,
      req.params.orderId as string,
      ctx.now(),
      requestIdOf(res),
    );
    ctx.notifyOutbox();
    res.status(accepted ? 202 : 200).json(order);
  });

  return router;
}
