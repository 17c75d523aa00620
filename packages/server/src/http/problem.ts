import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import { isDomainError } from '../domain/errors.js';

/** One field-level complaint, e.g. `{ path: '/body/unitPrice', message: 'must be > 0' }`. */
export interface ProblemFieldError {
  path: string;
  message: string;
}

/** RFC 9457 body as the spec's `Problem` schema describes it (extensions allowed). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId?: string;
  errors?: ProblemFieldError[];
  [extension: string]: unknown;
}

/**
 * Every stable problem code of the contract and its status. Domain code throws
 * `DomainError(code, …)`; this table is the only place that knows HTTP.
 */
const problemStatus: Readonly<Record<string, number>> = {
  'validation.failed': 400,
  'request.malformed_json': 400,
  'request.malformed': 400,
  'auth.missing_token': 401,
  'auth.invalid_token': 401,
  'auth.invalid_credentials': 401,
  'auth.forbidden': 403,
  'route.not_found': 404,
  'account.not_found': 404,
  'item.not_found': 404,
  'inventory.not_found': 404,
  'order.not_found': 404,
  'payment.not_found': 404,
  'method.not_allowed': 405,
  'account.email_taken': 409,
  'item.upc_taken': 409,
  'inventory.insufficient': 409,
  'inventory.release_exceeds_reserved': 409,
  'inventory.above_maximum': 409,
  'order.not_cancellable': 409,
  'payment.not_refundable': 409,
  'idempotency.in_flight': 409,
  'request.too_large': 413,
  'request.unsupported_media_type': 415,
  'request.headers_too_large': 431,
  'idempotency.key_reused': 422,
  'inventory.operation_conflict': 422,
  'order.item_not_found': 422,
  'order.duplicate_item': 422,
  'auth.too_many_attempts': 429,
  internal: 500,
};

/** Short summaries per code (RFC 9457 `title`: the same for every occurrence of a type). */
const titles: Readonly<Record<string, string>> = {
  'validation.failed': 'Validation failed',
  'request.malformed_json': 'Malformed JSON',
  'request.malformed': 'Malformed request',
  'auth.missing_token': 'Missing token',
  'auth.invalid_token': 'Invalid token',
  'auth.invalid_credentials': 'Invalid credentials',
  'auth.forbidden': 'Forbidden',
  'route.not_found': 'Route not found',
  'account.not_found': 'Account not found',
  'item.not_found': 'Item not found',
  'inventory.not_found': 'Inventory not found',
  'order.not_found': 'Order not found',
  'payment.not_found': 'Payment not found',
  'method.not_allowed': 'Method not allowed',
  'account.email_taken': 'Email already registered',
  'item.upc_taken': 'UPC already in use',
  'inventory.insufficient': 'Insufficient inventory',
  'inventory.release_exceeds_reserved': 'Release exceeds reserved units',
  'inventory.above_maximum': 'Stock above the maximum',
  'order.not_cancellable': 'Order cannot be cancelled',
  'payment.not_refundable': 'Payment cannot be refunded',
  'idempotency.in_flight': 'Request in progress',
  'request.too_large': 'Request too large',
  'request.unsupported_media_type': 'Unsupported media type',
  'request.headers_too_large': 'Request headers too large',
  'idempotency.key_reused': 'Idempotency key reused',
  'inventory.operation_conflict': 'Inventory operation conflict',
  'order.item_not_found': 'Ordered item not found',
  'order.duplicate_item': 'Duplicate order line',
  'auth.too_many_attempts': 'Too many attempts',
  'fault.injected': 'Injected fault',
  internal: 'Internal server error',
};

/** Where a problem happened: the request id and the request path (`instance`). */
export interface ProblemContext {
  requestId?: string;
  instance?: string;
}

export const GENERIC_INTERNAL_DETAIL =
  'An unexpected error occurred; the request id identifies it in the server log.';

export function buildProblem(
  status: number,
  code: string,
  detail: string,
  extras: Record<string, unknown> = {},
  { requestId, instance }: ProblemContext = {},
): Problem {
  const problem: Problem = {
    type: `urn:shop:problem:${code}`,
    title: titles[code] ?? STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(instance === undefined ? {} : { instance }),
    ...(requestId === undefined ? {} : { requestId }),
  };
  // Extensions come after the standard members and never replace them.
  for (const [key, value] of Object.entries(extras)) {
    if (!(key in problem) && value !== undefined) problem[key] = value;
  }
  return problem;
}

/**
 * Maps a thrown value to a problem body. DomainErrors keep their code, message and extensions;
 * anything else is an unexpected failure whose message must not leak (it may hold SQL).
 */
export function problemFor(error: unknown, where: ProblemContext = {}): Problem {
  if (isDomainError(error)) {
    const status = problemStatus[error.code] ?? 500;
    if (status !== 500)
      return buildProblem(status, error.code, error.message, error.extensions, where);
  }
  return buildProblem(500, 'internal', GENERIC_INTERNAL_DETAIL, {}, where);
}

/** The request id set by `requestId()` middleware (always present after it ran). */
export const requestIdOf = (res: Response): string | undefined =>
  typeof res.locals.requestId === 'string' ? res.locals.requestId : undefined;

/** Request id and path of the response's request, for `buildProblem`. */
export const problemContextOf = (res: Response): ProblemContext => ({
  requestId: requestIdOf(res),
  instance: res.req.originalUrl.split('?')[0],
});

/** Writes a problem+json response; `headers` e.g. `{ 'Retry-After': '60' }`. */
export function writeProblem(
  res: Response,
  problem: Problem,
  headers: Record<string, string> = {},
): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.status(problem.status).type('application/problem+json').json(problem);
}
