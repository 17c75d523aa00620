import type { Request, Response } from 'express';

/**
 * HEAD is GET without the body (RFC 9110), but the contract lists only GETs, so the validator
 * would answer 405: the request goes on as a GET, marked so that a route that would hold the
 * response open (a stream, a long poll) can answer the headers at once instead.
 */
export function answerHeadAsGet(req: Request, res: Response): void {
  if (req.method !== 'HEAD') return;
  req.method = 'GET';
  res.locals.head = true;
}

/** Whether the client sent HEAD: Node sends no body, so there is nothing to wait for. */
export const isHead = (res: Response): boolean => res.locals.head === true;
