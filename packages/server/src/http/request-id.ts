import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';

/** A client's id is echoed only if it is short and harmless in logs and headers. */
const SANE_REQUEST_ID = /^[\w.-]{1,200}$/;

/** Sets `res.locals.requestId` and the `X-Request-Id` response header on every response. */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    // req.headers, not req.get(): this runs on every request and needs no alias handling.
    const sent = req.headers['x-request-id'];
    const id = typeof sent === 'string' && SANE_REQUEST_ID.test(sent) ? sent : randomUUID();
    res.locals.requestId = id;
    res.setHeader('X-Request-Id', id);
    next();
  };
}

/** The id {@link requestId} gave this request (what events record as their cause). */
export const requestIdOf = (res: Response): string | null =>
  typeof res.locals.requestId === 'string' ? res.locals.requestId : null;
