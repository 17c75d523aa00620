import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { DomainError, isDomainError } from '../domain/errors.js';
import {
  buildProblem,
  GENERIC_INTERNAL_DETAIL,
  problemContextOf,
  problemFor,
  writeProblem,
  type Problem,
  type ProblemContext,
  type ProblemFieldError,
} from './problem.js';

/** Shape of express-openapi-validator's HttpError (duck-typed: it is a CommonJS class). */
interface ValidatorError {
  status: number;
  message: string;
  path?: string;
  headers?: Record<string, string>;
  errors?: { path?: string; message?: string }[];
}

/** Shape of body-parser's errors (`type` tells them apart). */
interface BodyParserError {
  type: string;
  status?: number;
}

const isValidatorError = (error: unknown): error is ValidatorError =>
  error instanceof Error &&
  typeof (error as Partial<ValidatorError>).status === 'number' &&
  Array.isArray((error as Partial<ValidatorError>).errors);

const isBodyParserError = (error: unknown): error is BodyParserError =>
  error instanceof Error && typeof (error as Partial<BodyParserError>).type === 'string';

const fieldErrors = (error: ValidatorError): ProblemFieldError[] =>
  (error.errors ?? []).map((e) => ({
    path: e.path ?? '',
    message: e.message ?? 'is not valid',
  }));

/** Requests no router claimed: problem 404 `route.not_found`. */
export function notFound(): RequestHandler {
  return (req, _res, next) => {
    next(new DomainError('route.not_found', `No route ${req.method} ${req.path}.`));
  };
}

/**
 * The one place errors become responses: every failure leaves as application/problem+json.
 * Unknown errors are logged with their stack and answered with a generic 500 (their message may
 * hold SQL or internals).
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      // Too late for a problem body; let Express end the connection.
      next(error);
      return;
    }
    const context = problemContextOf(res);
    const { problem, headers } = toProblem(error, req.method, context);
    if (problem.status >= 500) {
      (req.log ?? logger).error({ err: error, requestId: context.requestId }, 'request failed');
    }
    writeProblem(res, problem, headers);
  };
}

/**
 * The contract's bounds on `errors[]` (maxItems) and on each `path` (maxLength). Every unknown
 * field is an error whose name is echoed in its path, so without them a large body of unknown
 * fields would come back as a larger problem.
 */
const MAX_FIELD_ERRORS = 100;
const MAX_FIELD_PATH = 2048;

export function validationProblem(errors: ProblemFieldError[], context: ProblemContext): Problem {
  const detail =
    errors.length === 1
      ? `The request has 1 invalid value: ${errors[0]?.path} ${errors[0]?.message}.`
      : errors.length > MAX_FIELD_ERRORS
        ? `The request has ${errors.length} invalid values; the first ${MAX_FIELD_ERRORS} are in errors[].`
        : `The request has ${errors.length} invalid values; see errors[].`;
  const listed = errors.slice(0, MAX_FIELD_ERRORS).map((e) => ({
    ...e,
    path: e.path.length > MAX_FIELD_PATH ? `${e.path.slice(0, MAX_FIELD_PATH - 1)}…` : e.path,
  }));
  return buildProblem(400, 'validation.failed', detail, { errors: listed }, context);
}

function toProblem(
  error: unknown,
  method: string,
  context: ProblemContext,
): { problem: Problem; headers: Record<string, string> } {
  const path = context.instance ?? '';
  const problem = (
    status: number,
    code: string,
    detail: string,
    extras: Record<string, unknown> = {},
  ): Problem => buildProblem(status, code, detail, extras, context);

  if (isDomainError(error)) {
    const body = problemFor(error, context);
    const retryAfter = error.extensions.retryAfterSeconds;
    return {
      problem: body,
      headers: typeof retryAfter === 'number' ? { 'Retry-After': String(retryAfter) } : {},
    };
  }
  if (isBodyParserError(error)) {
    switch (error.type) {
      case 'entity.parse.failed':
        return {
          problem: problem(400, 'request.malformed_json', 'The request body is not valid JSON.'),
          headers: {},
        };
      case 'entity.too.large':
        return {
          problem: problem(413, 'request.too_large', 'The request body is larger than 1 MB.'),
          headers: {},
        };
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return {
          problem: problem(
            415,
            'request.unsupported_media_type',
            'The request body must be UTF-8 JSON (Content-Type: application/json).',
          ),
          headers: {},
        };
      default:
        break;
    }
  }
  if (isValidatorError(error)) {
    switch (error.status) {
      case 400:
        return {
          problem: validationProblem(fieldErrors(error), context),
          headers: {},
        };
      case 404:
        return {
          problem: problem(404, 'route.not_found', `No route ${method} ${path}.`),
          headers: {},
        };
      case 405: {
        const allow = (error.headers?.Allow ?? '')
          .split(',')
          .map((m) => m.trim().toUpperCase())
          .filter(Boolean)
          .join(', ');
        return {
          problem: problem(
            405,
            'method.not_allowed',
            `${method} is not allowed on ${path}; use ${allow}.`,
          ),
          headers: { Allow: allow },
        };
      }
      case 413:
        return {
          problem: problem(413, 'request.too_large', 'The request body is larger than 1 MB.'),
          headers: {},
        };
      case 415:
        return {
          problem: problem(
            415,
            'request.unsupported_media_type',
            'The request body must be JSON (Content-Type: application/json).',
          ),
          headers: {},
        };
      case 500:
        // Response validation (tests, SHOP_VALIDATE_RESPONSES=1): the server broke its own
        // contract. The field errors name schema paths only, so they are safe to show.
        return {
          problem: problem(
            500,
            'internal',
            `The response does not match the API contract: ${error.message}`,
            {
              errors: fieldErrors(error),
            },
          ),
          headers: {},
        };
      default:
        break;
    }
  }
  return { problem: problem(500, 'internal', GENERIC_INTERNAL_DETAIL), headers: {} };
}
