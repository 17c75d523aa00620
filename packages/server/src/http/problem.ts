import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import { isDomainError } from '../domain/errors.js';
// The contract's problem codes with their status and title, shared with the CLI (which shows
// their hints). Reached by path, not as a package: the SDK's tests depend on this server, so a
// dependency back would make the workspace cyclic; tsup bundles the module into dist.
import { problemCodeInfo } from '../../../sdk/src/problems.js';

/** One field-level complaint, e.g. `{ path: '/body/unitPrice', message: 'must be > 0' }`. */
export interface ProblemFieldError {
  path: string;
  message: string;
}

/**
 * A request value a route refuses itself, where the contract validator cannot see the rule (a
 * query parameter checked against the domain's list): 400 `validation.failed`, placed by the
 * route (`/query/types`) as the validator places its own findings.
 */
export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError';
  constructor(readonly errors: ProblemFieldError[]) {
    super(errors.map(({ path, message }) => `${path} ${message}`).join('; '));
  }
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
    title: problemCodeInfo(code)?.title ?? STATUS_CODES[status] ?? 'Error',
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
 * At most this many field errors are listed (the rest are counted in `errorsOmitted`), each path
 * and message cut to FIELD_TEXT_LIMIT characters: a request of many or long unknown fields must
 * not buy a response many times its own size. Both limits are stated in the contract.
 */
export const MAX_LISTED_ERRORS = 20;
export const FIELD_TEXT_LIMIT = 200;

const cut = (text: string): string =>
  text.length > FIELD_TEXT_LIMIT ? `${text.slice(0, FIELD_TEXT_LIMIT - 1)}…` : text;

/** The field errors a problem lists: the first MAX_LISTED_ERRORS, cut, and a count of the rest. */
export function listed(all: ProblemFieldError[]): {
  errors: ProblemFieldError[];
  errorsOmitted?: number;
} {
  const errors = all
    .slice(0, MAX_LISTED_ERRORS)
    .map(({ path, message }) => ({ path: cut(path), message: cut(message) }));
  const omitted = all.length - errors.length;
  return omitted > 0 ? { errors, errorsOmitted: omitted } : { errors };
}

export function validationProblem(all: ProblemFieldError[], context: ProblemContext): Problem {
  const { errors, errorsOmitted } = listed(all);
  const detail =
    all.length === 1
      ? `The request has 1 invalid value: ${errors[0]?.path} ${errors[0]?.message}.`
      : errorsOmitted === undefined
        ? `The request has ${all.length} invalid values; see errors[].`
        : `The request has ${all.length} invalid values; the first ${errors.length} are in errors[].`;
  return buildProblem(400, 'validation.failed', detail, { errors, errorsOmitted }, context);
}

/**
 * Maps a thrown value to a problem body. DomainErrors keep their code, message and extensions;
 * anything else is an unexpected failure whose message must not leak (it may hold SQL).
 */
export function problemFor(error: unknown, where: ProblemContext = {}): Problem {
  if (isDomainError(error)) {
    // The domain names fields of its input; every domain input here is the request body.
    if (error.fields.length > 0) {
      const all = error.fields.map(({ field, message }) => ({ path: `/body/${field}`, message }));
      return validationProblem(all, where);
    }
    // Domain code throws `DomainError(code, …)`; the table is the only place that knows HTTP.
    const status = problemCodeInfo(error.code)?.status ?? 500;
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
