import express, { type RequestHandler } from 'express';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import * as OpenApiValidator from 'express-openapi-validator';
import { DomainError } from '../domain/errors.js';

/** Request bodies are refused above this size (413 `request.too_large`; said in the contract). */
const MAX_BODY_BYTES = 1024 * 1024;
/**
 * JSON nested deeper than this is refused (400 `request.malformed`; said in the contract) before
 * any route sees it: hashing, validating or storing a deeper value recurses once per level, and a
 * few thousand levels overflow the stack. No schema of the contract nests anywhere near this.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * ajv's `multipleOfPrecision`: `multipleOf` passes when value / step is within 1e-N of an integer.
 * Money is `multipleOf: 0.01`, and in floating point 19.99 / 0.01 is 1998.9999999999998, so an
 * exact check rejects valid prices. 2 accepts every two-decimal amount up to the largest order
 * total (50 lines × 1000 units × 1000000, where the rounding error is about 0.002) and still
 * rejects a third decimal (19.999 / 0.01 is 0.1 from an integer). The domain's `toCents` stays the
 * exact check behind it.
 */
export const MULTIPLE_OF_PRECISION = 2;

/**
 * Request validation against the contract (always), response validation when asked (tests and
 * SHOP_VALIDATE_RESPONSES=1). Security is our own middleware (`requireAuth`), so the validator
 * does not check it. Its errors are HttpErrors mapped to problems in `error-handler.ts`.
 *
 * express-openapi-validator is pinned and patched (patches/express-openapi-validator@5.6.2.patch,
 * docs/adr/0028): it compiles its routes once instead of on every request (upstream proposal:
 * https://github.com/cdimascio/express-openapi-validator/pull/1217), normalises each parameter
 * once, takes `multipleOfPrecision`, and installs no security middleware when security is not
 * validated. The build bundles the patched copy, so the published package carries it.
 */
function openApiValidator(specPath: string, validateResponses: boolean): RequestHandler[] {
  return OpenApiValidator.middleware({
    apiSpec: specPath,
    validateApiSpec: true,
    validateRequests: { allErrors: true, removeAdditional: false },
    validateResponses: validateResponses ? { allErrors: true, removeAdditional: false } : false,
    validateSecurity: false,
    validateFormats: true,
    // The validator checks formats in ajv-formats' "fast" mode, whose date-time admits month 13
    // and February 30: the domain's Date.parse then reads NaN and a recover window silently
    // matches nothing. Dates get the full check; the other formats' fast checks are enough, as
    // the domain parses what it relies on (`new URL` for webhook URLs).
    formats: { 'date-time': fullFormats['date-time'] },
    ignoreUndocumented: false,
    // No operation takes multipart bodies; skipping multer saves a middleware per request.
    fileUploader: false,
    multipleOfPrecision: MULTIPLE_OF_PRECISION,
  });
}

/** Shape of body-parser's errors (http-errors with a `type`; zlib's own errors have none). */
interface BodyParserError {
  status?: number;
  type?: string;
  encoding?: string;
}

/**
 * Every error body-parser (and the zlib stream under it) can raise, as the problem the contract
 * documents for it. Only its own programming errors (`stream.not.readable`,
 * `stream.encoding.set`) stay unexpected: they would be our bug, not the client's.
 */
export function bodyParserProblem(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const { status, type, encoding } = error as BodyParserError;
  switch (type) {
    case 'entity.parse.failed':
      return new DomainError('request.malformed_json', 'The request body is not valid JSON.');
    case 'entity.too.large':
      return new DomainError('request.too_large', 'The request body is larger than 1 MB.');
    case 'encoding.unsupported':
      return new DomainError(
        'request.unsupported_media_type',
        `Content-Encoding "${String(encoding)}" is not supported; send the body as is, or with gzip, deflate or br.`,
      );
    case 'charset.unsupported':
      return new DomainError(
        'request.unsupported_media_type',
        'The request body must be UTF-8 JSON (Content-Type: application/json).',
      );
    case 'request.size.invalid':
      return new DomainError(
        'request.malformed',
        'The request body does not have the length its Content-Length announced.',
      );
    case 'request.aborted':
      return new DomainError('request.malformed', 'The request body ended before it was complete.');
    case undefined:
      // A decompression stream failed: the bytes are not what Content-Encoding says they are.
      if (status === 400) {
        return new DomainError(
          'request.malformed',
          'The request body could not be decoded with its Content-Encoding.',
        );
      }
      return error;
    default:
      return error;
  }
}

/** True when `value` nests arrays/objects deeper than `limit` (iterative: no recursion). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [node, depth] = next;
    if (typeof node !== 'object' || node === null) continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** express.json with its errors as problems and a nesting limit. */
function jsonBody(): RequestHandler {
  const parse = express.json({
    limit: MAX_BODY_BYTES,
    type: ['application/json', 'application/*+json'],
    // Any JSON text parses (`null`, `42`): the contract validator then says what is wrong with
    // it ("/body must be object"). body-parser's strict mode called such bodies "not valid JSON".
    strict: false,
  });
  return (req, res, next) => {
    parse(req, res, (error?: unknown) => {
      if (error !== undefined) {
        next(bodyParserProblem(error));
        return;
      }
      if (nestsDeeperThan(req.body, MAX_JSON_DEPTH)) {
        next(
          new DomainError(
            'request.malformed',
            `The request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels.`,
          ),
        );
        return;
      }
      next();
    });
  };
}

/**
 * An operation whose contract has no request body ignores one: the body must not reach the
 * route or the Idempotency-Key hash (two identical refunds would otherwise differ by junk).
 */
const ignoreUndeclaredBody: RequestHandler = (req, _res, next) => {
  const operation = (req as { openapi?: { schema?: { requestBody?: unknown } } }).openapi?.schema;
  // The validator's preprocessing leaves `requestBody: null` on operations that declare none.
  if (operation !== undefined && (operation.requestBody ?? null) === null) req.body = undefined;
  next();
};

/**
 * Everything between the raw request and the API routes: the JSON body parser (1 MB, nesting
 * limit) and the contract validator. Exported so the server benchmark can measure this stack on
 * its own.
 */
export function contractMiddleware(specPath: string, validateResponses: boolean): RequestHandler[] {
  return [jsonBody(), ...openApiValidator(specPath, validateResponses), ignoreUndeclaredBody];
}
