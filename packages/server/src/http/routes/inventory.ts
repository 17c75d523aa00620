import { Router, type Request } from 'express';
import type { AppContext } from '../../context.js';
import { applyInventoryOperation } from '../../domain/inventory/operations.js';
import {
  getAvailableUnits,
  getInventory,
  setAvailableUnits,
  type InventoryFull,
  type InventoryQuick,
  type InventoryView,
} from '../../domain/inventory/stock.js';
import { requireAdmin } from '../auth.js';

/**
 * Strong ETag of an inventory view, made of the values the view shows (the item id is in the URL,
 * `inStock` follows from `availableUnits`): equal tags, equal bodies. Hashing the serialised body
 * did the same at a visible cost on the most frequent read there is. The rest patterns make a
 * field added to a view a compile error here until the tag covers it.
 */
function etagOf(view: InventoryFull | InventoryQuick): string {
  if ('reservedUnits' in view) {
    const { itemId: _id, availableUnits, reservedUnits, updatedAt, ...uncovered } = view;
    uncovered satisfies Record<string, never>;
    return `"f${availableUnits}-${reservedUnits}-${Date.parse(updatedAt).toString(36)}"`;
  }
  const { itemId: _id, availableUnits, inStock: _derived, ...uncovered } = view;
  uncovered satisfies Record<string, never>;
  return `"q${availableUnits}"`;
}

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
    const etag = etagOf(inventory);
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
