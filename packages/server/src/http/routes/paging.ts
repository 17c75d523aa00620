import type { Request } from 'express';
import type { PageRequest } from '../../domain/orders/page.js';

/**
 * `page`/`size` query (range-checked by the validator; defaults from the spec). The spec sets no
 * upper bound on `page`, so a huge one (1e308 is a JSON Schema integer) is clamped to the last
 * page whose OFFSET SQLite can still bind as an integer: every page that far out is empty anyway.
 */
export function pageQuery(req: Request): PageRequest {
  const page = Number(req.query.page ?? 0);
  const size = Number(req.query.size ?? 20);
  const safeSize = Number.isInteger(size) && size > 0 ? size : 20;
  const safePage = Number.isInteger(page) && page >= 0 ? page : 0;
  return {
    page: Math.min(safePage, Math.floor(Number.MAX_SAFE_INTEGER / safeSize)),
    size: safeSize,
  };
}
