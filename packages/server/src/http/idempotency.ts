import { createHash, randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import stringify from 'safe-stable-stringify';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { idempotencyRepo, type IdempotencyRow } from '../db/repositories/idempotency.js';
import { DomainError, isDomainError } from '../domain/errors.js';
import { authOf } from './auth.js';
import { problemContextOf, problemFor, requestIdOf } from './problem.js';
import { inImmediateTransaction } from '../db/transaction.js';

/** Keys are kept this long (spec: 24 hours); expired keys are ignored and purged. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * A claim still IN_FLIGHT after this long is taken as abandoned (its process crashed before it
 * could store or release the key) and may be claimed again.
 */
export const IN_FLIGHT_STALE_MS = 60 * 1000;
/** Response headers replayed with a stored response (besides the body and status). */
const REPLAYED_HEADERS = ['content-type', 'location'];
/**
 * The first response's request id is stored with it and replayed as `Original-Request-Id`: a
 * replay keeps the first body byte for byte (a problem's `requestId` included), while its own
 * `X-Request-Id` is new (the contract says so).
 */
const FIRST_REQUEST_ID = 'x-request-id';

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export type Claim =
  | { kind: 'claimed'; claimId: string }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'in_flight' }
  | { kind: 'key_reused' };

/** sha256 over method, path and the body as canonical JSON (key order does not matter). */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()}\n${path}\n${stringify(body ?? null)}`)
    .digest('hex');
}

/**
 * Claims `key` for this request with an INSERT inside an immediate transaction, so of any
 * number of concurrent identical requests (in this process or another on the same file)
 * exactly one gets `claimed`; the others see the stored response, `in_flight` or `key_reused`.
 */
export function claimIdempotencyKey(
  db: Db,
  input: { accountId: string; key: string; hash: string },
  now: Date,
): Claim {
  const repo = idempotencyRepo(db);
  const at = now.getTime();
  return inImmediateTransaction(db, (): Claim => {
    repo.purgeExpired.run(at);
    const existing = repo.get.get(input.accountId, input.key);
    if (existing && !abandoned(existing, at)) {
      if (existing.request_hash !== input.hash) return { kind: 'key_reused' };
      if (existing.state === 'IN_FLIGHT') return { kind: 'in_flight' };
      return { kind: 'replay', response: storedResponse(existing) };
    }
    const claimId = randomUUID();
    repo.claim.run({
      account_id: input.accountId,
      idempotency_key: input.key,
      request_hash: input.hash,
      claim_id: claimId,
      created_at: at,
      expires_at: at + IDEMPOTENCY_TTL_MS,
    });
    return { kind: 'claimed', claimId };
  });
}

const abandoned = (row: IdempotencyRow, at: number) =>
  row.state === 'IN_FLIGHT' && at - row.created_at > IN_FLIGHT_STALE_MS;

function storedResponse(row: IdempotencyRow): StoredResponse {
  return {
    status: row.response_status ?? 500,
    headers: JSON.parse(row.response_headers ?? '{}') as Record<string, string>,
    body: row.response_body ?? Buffer.alloc(0),
  };
}

/**
 * Stores the final response of a claim, or releases the claim when the response must not be
 * replayed (5xx, and 400 validation/malformed errors): a retry with the key then runs again.
 */
export function completeIdempotencyKey(db: Db, claimId: string, response: StoredResponse): void {
  const repo = idempotencyRepo(db);
  if (response.status >= 500 || response.status === 400) {
    repo.release.run(claimId);
    return;
  }
  repo.complete.run({
    claim_id: claimId,
    response_status: response.status,
    response_headers: JSON.stringify(response.headers),
    response_body: response.body,
  });
}

/**
 * At start-up no request of this server can be in flight, so an IN_FLIGHT claim belongs to a
 * process that died mid-request (one server per database file). Its work was rolled back with
 * it (the response is stored in the work's own transaction), so the claim is released and the
 * client's retry runs at once instead of waiting out IN_FLIGHT_STALE_MS.
 */
export function releaseAbandonedClaims(db: Db): number {
  return idempotencyRepo(db).releaseAllInFlight.run().changes;
}

const releaseIdempotencyKey = (db: Db, claimId: string): void => {
  idempotencyRepo(db).release.run(claimId);
};

/**
 * `Idempotency-Key` handling for unsafe routes (after `requireAuth`: keys are per account).
 * Without the header the request runs as usual. A replay sends the stored status, headers and
 * the very same body bytes with `Idempotent-Replayed: true`.
 */
export function idempotency(ctx: AppContext): RequestHandler {
  return (req, res, next) => {
    const key = req.get('idempotency-key');
    if (key === undefined) return next();
    const claim = claimIdempotencyKey(
      ctx.db,
      {
        accountId: authOf(res).accountId,
        key,
        hash: requestHash(req.method, pathOf(req), req.body),
      },
      ctx.now(),
    );
    switch (claim.kind) {
      case 'key_reused':
        throw new DomainError(
          'idempotency.key_reused',
          'This Idempotency-Key was already used for a different request; use a new key for a new request.',
        );
      case 'in_flight':
        throw new DomainError(
          'idempotency.in_flight',
          'The first request with this Idempotency-Key is still being processed; retry shortly.',
        );
      case 'replay': {
        const { status, headers, body } = claim.response;
        for (const [name, value] of Object.entries(headers)) {
          res.setHeader(name === FIRST_REQUEST_ID ? 'Original-Request-Id' : name, value);
        }
        res.setHeader('Idempotent-Replayed', 'true');
        res.status(status).end(body);
        return;
      }
      case 'claimed':
        res.locals.idempotencyClaimId = claim.claimId;
        captureResponse(ctx, res, claim.claimId);
        next();
    }
  };
}

const pathOf = (req: Request): string => req.originalUrl.split('?', 1)[0] ?? req.originalUrl;

/** Records the response as it is written (`end` sees the final bytes of json/send alike). */
function captureResponse(ctx: AppContext, res: Response, claimId: string): void {
  let settled = false;
  const settle = (store: () => void) => {
    // respondIdempotently() already stored this response inside the work's own transaction.
    if (res.locals.idempotencyStored === true) settled = true;
    if (settled) return;
    settled = true;
    try {
      store();
    } catch (error) {
      // The response still goes out; the key is left IN_FLIGHT until it counts as abandoned.
      ctx.logger.error({ err: error, claimId }, 'could not store the idempotent response');
    }
  };
  const chunks: Buffer[] = [];
  const originalWrite = res.write.bind(res) as (...args: unknown[]) => boolean;
  const originalEnd = res.end.bind(res) as (...args: unknown[]) => Response;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (chunk !== undefined && chunk !== null) chunks.push(toBuffer(chunk, rest[0]));
    return originalWrite(chunk, ...rest);
  }) as Response['write'];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') {
      chunks.push(toBuffer(chunk, rest[0]));
    }
    settle(() => {
      const headers: Record<string, string> = {};
      for (const name of [...REPLAYED_HEADERS, FIRST_REQUEST_ID]) {
        const value = res.getHeader(name);
        if (value !== undefined) headers[name] = String(value);
      }
      completeIdempotencyKey(ctx.db, claimId, {
        status: res.statusCode,
        headers,
        body: Buffer.concat(chunks),
      });
    });
    return originalEnd(chunk, ...rest);
  }) as Response['end'];
  // The connection died before any response: free the key so the client's retry can run.
  res.on('close', () => settle(() => releaseIdempotencyKey(ctx.db, claimId)));
}

function toBuffer(chunk: unknown, encoding: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk);
  return Buffer.from(
    String(chunk),
    typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8',
  );
}

/**
 * Runs `work` and stores its response in the same transaction as its writes, so a crash can
 * never leave the work committed with no stored response (a retry would then run it again: the
 * lost-response case the key exists for). A domain error becomes its problem response and is
 * stored the same way, after any writes the work committed before throwing (a FAILED order).
 * Without a claimed key it simply runs and responds.
 */
export function respondIdempotently<T>(
  ctx: AppContext,
  res: Response,
  successStatus: number,
  work: () => T,
): void {
  const claimId = res.locals.idempotencyClaimId as string | undefined;
  const requestId = requestIdOf(res);
  const firstRequestId: Record<string, string> =
    requestId === undefined ? {} : { [FIRST_REQUEST_ID]: requestId };
  let response: StoredResponse | undefined;
  const run = (): void => {
    try {
      const result = work();
      response = {
        status: successStatus,
        headers: { 'content-type': 'application/json; charset=utf-8', ...firstRequestId },
        body: Buffer.from(JSON.stringify(result)),
      };
    } catch (error) {
      const problem = isDomainError(error) ? problemFor(error, problemContextOf(res)) : undefined;
      // Unexpected failures roll everything back; the error handler answers 500 and frees the key.
      if (!problem || problem.status >= 500) throw error;
      response = {
        status: problem.status,
        headers: { 'content-type': 'application/problem+json; charset=utf-8', ...firstRequestId },
        body: Buffer.from(JSON.stringify(problem)),
      };
    }
    if (claimId !== undefined) {
      completeIdempotencyKey(ctx.db, claimId, response);
      res.locals.idempotencyStored = true;
    }
  };
  if (claimId === undefined) run();
  else inImmediateTransaction(ctx.db, run);
  const { status, headers, body } = response as StoredResponse;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.status(status).end(body);
}
