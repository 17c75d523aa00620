import type { Request } from 'express';
import type { PageRequest } from '../../domain/page.js';

/**
 * `page`/`size` query (range-checked by the validator against the spec's bounds; defaults from
 * the spec). The clamp keeps the SQL OFFSET a safe integer even if those bounds ever widen.
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
