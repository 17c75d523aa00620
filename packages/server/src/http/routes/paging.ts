import type { Request } from 'express';
import type { PageRequest } from '../../domain/orders/page.js';

/** `page`/`size` query (already range-checked by the validator; defaults from the spec). */
export function pageQuery(req: Request): PageRequest {
  const page = Number(req.query.page ?? 0);
  const size = Number(req.query.size ?? 20);
  return { page: Number.isInteger(page) ? page : 0, size: Number.isInteger(size) ? size : 20 };
}
