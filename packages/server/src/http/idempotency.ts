import type { Request, Response } from 'express';
import type { AppContext } from '../context.js';
import {
  requestHash,
  runCommand,
  type Answer,
  type IdempotencyKey,
  type StoredResponse,
} from '../domain/idempotency/idempotency.js';
import { authOf } from './auth.js';
import { problemContextOf, problemFor, requestIdOf } from './problem.js';

/**
 * The first response's request id is stored with it and replayed as `Original-Request-Id`: a
 * replay keeps the first body byte for byte (a problem's `requestId` included), while its own
 * `X-Request-Id` is new (the contract says so; ADR 0011).
 */
const FIRST_REQUEST_ID = 'x-request-id';

/** The request's Idempotency-Key, per account (after `requireAuth`), or undefined without one. */
function keyOf(req: Request, res: Response): IdempotencyKey | undefined {
  const key = req.get('idempotency-key');
  if (key === undefined) return undefined;
  const path = req.originalUrl.split('?', 1)[0] ?? req.originalUrl;
  return {
    accountId: authOf(res).accountId,
    key,
    requestHash: requestHash(req.method, path, req.body),
  };
}

/**
 * Answers an unsafe route through the domain's one command path (`runCommand`): the work, its
 * response and the Idempotency-Key record in one transaction. This side only reads the header
 * and renders and writes bytes; a replay sends the stored status, headers and the very same body
 * bytes with `Idempotent-Replayed: true`. `ctx.notifyOutbox` wakes the payment worker after.
 */
export function respondToCommand<T>(
  ctx: AppContext,
  req: Request,
  res: Response,
  statusOf: (value: T) => number,
  work: () => T,
): void {
  const requestId = requestIdOf(res);
  const firstRequestId: Record<string, string> =
    requestId === undefined ? {} : { [FIRST_REQUEST_ID]: requestId };
  const render = (answer: Answer<T>): StoredResponse => {
    if (answer.ok) {
      return {
        status: statusOf(answer.value),
        headers: { 'content-type': 'application/json; charset=utf-8', ...firstRequestId },
        body: Buffer.from(JSON.stringify(answer.value)),
      };
    }
    const problem = problemFor(answer.error, problemContextOf(res));
    return {
      status: problem.status,
      headers: { 'content-type': 'application/problem+json; charset=utf-8', ...firstRequestId },
      body: Buffer.from(JSON.stringify(problem)),
    };
  };
  let outcome;
  try {
    outcome = runCommand(ctx.db, { key: keyOf(req, res), now: ctx.now() }, work, render);
  } finally {
    ctx.notifyOutbox();
  }
  const { response, replayed } = outcome;
  for (const [name, value] of Object.entries(response.headers)) {
    res.setHeader(replayed && name === FIRST_REQUEST_ID ? 'Original-Request-Id' : name, value);
  }
  if (replayed) res.setHeader('Idempotent-Replayed', 'true');
  res.status(response.status).end(response.body);
}
