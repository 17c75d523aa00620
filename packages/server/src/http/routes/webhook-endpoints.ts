import { Router, type Response } from 'express';
import type { AppContext } from '../../context.js';
import type { EventReader } from '../../domain/events/log.js';
import {
  createEndpoint,
  deleteEndpoint,
  listEndpoints,
  ownedEndpoint,
  pingEndpoint,
  recoverEndpoint,
  rotateSecret,
  toWebhookEndpoint,
  updateEndpoint,
} from '../../domain/webhooks/endpoints.js';
import { authOf, requireAuth } from '../auth.js';
import { requestIdOf } from '../request-id.js';

const ownerOf = (res: Response): EventReader => {
  const { accountId, role } = authOf(res);
  return { accountId, role };
};

/** Tag Webhooks: the caller's endpoints. */
export function createWebhookEndpointsRouter(ctx: AppContext): Router {
  const router = Router();
  const auth = requireAuth(ctx);
  const id = (params: Record<string, unknown>): string => params.endpointId as string;

  router.get('/', auth, (_req, res) => {
    res.json({ data: listEndpoints(ctx.db, ownerOf(res)) });
  });

  router.post('/', auth, async (req, res) => {
    const body = req.body as Parameters<typeof createEndpoint>[2];
    res
      .status(201)
      .json(await createEndpoint(ctx.db, ownerOf(res), body, ctx.now(), ctx.events.dev));
  });

  router.get('/:endpointId', auth, (req, res) => {
    res.json(toWebhookEndpoint(ownedEndpoint(ctx.db, ownerOf(res), id(req.params))));
  });

  router.patch('/:endpointId', auth, async (req, res) => {
    const patch = req.body as Parameters<typeof updateEndpoint>[3];
    res.json(
      await updateEndpoint(ctx.db, ownerOf(res), id(req.params), patch, ctx.now(), ctx.events.dev),
    );
  });

  router.delete('/:endpointId', auth, (req, res) => {
    deleteEndpoint(ctx.db, ownerOf(res), id(req.params));
    res.status(204).end();
  });

  router.post('/:endpointId/rotate-secret', auth, (req, res) => {
    const body = (req.body ?? {}) as { expireOldAfterSeconds?: number };
    res.json(
      rotateSecret(ctx.db, ownerOf(res), id(req.params), body.expireOldAfterSeconds, ctx.now()),
    );
  });

  router.post('/:endpointId/test', auth, (req, res) => {
    res
      .status(202)
      .json(pingEndpoint(ctx.db, ownerOf(res), id(req.params), requestIdOf(res), ctx.now()));
  });

  router.post('/:endpointId/recover', auth, (req, res) => {
    const body = req.body as { since: string; until?: string };
    res.status(202).json({
      requeued: recoverEndpoint(ctx.db, ownerOf(res), id(req.params), body, ctx.now()),
    });
  });

  return router;
}
