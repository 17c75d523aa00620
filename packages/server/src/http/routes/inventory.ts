import { hash } from 'node:crypto';
import { Router, type Request } from 'express';
import type { AppContext } from '../../context.js';
import { applyInventoryOperation } from '../../domain/inventory/operations.js';
import {
  getAvailableUnits,
  getInventory,
  setAvailableUnits,
  type InventoryView,
} from '../../domain/inventory/stock.js';
import { requireAdmin } from '../auth.js';

/** Strong ETag of a response body: equal bodies, equal tags (so it is per view and state). */
const etagOf = (body: string): string => `"${hash('sha1', body, 'base64url')}"`;

/**
 * RFC 9110 If-None-Match: `*`, or a list of tags compared weakly (W/ prefixes ignored). Not
 * Express's `req.fresh`: it refuses a 304 to any request with `Cache-Control: no-cache`, which
 * fetch adds to every conditional request, so no fetch-based client would ever get one.
 */
function matchesIfNoneMatch(req: Request, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** Tag Inventory: cacheable public reads, admin writes. */
export function createInventoryRouter(ctx: AppContext): Router {
  const router = Router();
  const admin = requireAdmin(ctx);

  router.get('/:itemId', (req, res) => {
    const view = (req.query.view as InventoryView | undefined) ?? 'full';
    const inventory = getInventory(ctx.db, req.params.itemId as string, view);
    // res.json serialises the same way, so the tag is the hash of the bytes sent.
    const etag = etagOf(JSON.stringify(inventory));
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'max-age=30');
    if (matchesIfNoneMatch(req, etag)) {
      res.status(304).end();
      return;
    }
    res.json(inventory);
  });

  router.get('/:itemId/available', (req, res) => {
    const itemId = req.params.itemId as string;
    res.setHeader('Deprecation', 'true');
    res.setHeader('Link', `</api/inventory/${itemId}?view=quick>; rel="successor-version"`);
    res.json(getAvailableUnits(ctx.db, itemId));
  });

  router.put('/:itemId', admin, (req, res) => {
    const { availableUnits } = req.body as { availableUnits: number };
    res.json(setAvailableUnits(ctx.db, req.params.itemId as string, availableUnits, ctx.now()));
  });

  router.post('/:itemId/operations', admin, (req, res) => {
    const body = req.body as {
      operationId: string;
      orderId: string;
      type: 'RESERVE' | 'RELEASE';
      quantity: number;
    };
    const { operation, replayed } = applyInventoryOperation(
      ctx.db,
      { ...body, itemId: req.params.itemId as string },
      ctx.now(),
    );
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.json(operation);
  });

  return router;
}
