import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { DomainError, isDomainError } from '../domain/errors.js';
import { loggedRequest } from './logging.js';
import {
  buildProblem,
  GENERIC_INTERNAL_DETAIL,
  InvalidRequestError,
  listed,
  problemContextOf,
  problemFor,
  validationProblem,
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

const isValidatorError = (error: unknown): error is ValidatorError =>
  error instanceof Error &&
  typeof (error as Partial<ValidatorError>).status === 'number' &&
  Array.isArray((error as Partial<ValidatorError>).errors);

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
      logger.error(
        { req: loggedRequest(req, res), err: error, requestId: context.requestId },
        'request failed',
      );
    }
    writeProblem(res, problem, headers);
  };
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
  if (error instanceof InvalidRequestError) {
    return { problem: validationProblem(error.errors, context), headers: {} };
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
        const methods = (error.headers?.Allow ?? '')
          .split(',')
          .map((m) => m.trim().toUpperCase())
          .filter(Boolean);
        // The app answers HEAD wherever the contract has a GET (http/head.ts).
        if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
        const allow = methods.join(', ');
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
            listed(fieldErrors(error)),
          ),
          headers: {},
        };
      default:
        break;
    }
  }
  return { problem: problem(500, 'internal', GENERIC_INTERNAL_DETAIL), headers: {} };
}
