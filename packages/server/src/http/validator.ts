import express, { type RequestHandler } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { createRequire } from 'node:module';

/**
 * Request validation against the contract (always), response validation when asked (tests and
 * SHOP_VALIDATE_RESPONSES=1). Security is our own middleware (`requireAuth`), so the validator
 * does not check it. Its errors are HttpErrors mapped to problems in `error-handler.ts`.
 */
function openApiValidator(specPath: string, validateResponses: boolean): RequestHandler[] {
  memoisePathToRegexp();
  allowForRoundingInMultipleOf();
  const middleware = OpenApiValidator.middleware({
    apiSpec: specPath,
    validateApiSpec: true,
    validateRequests: { allErrors: true, removeAdditional: false },
    validateResponses: validateResponses ? { allErrors: true, removeAdditional: false } : false,
    validateSecurity: false,
    validateFormats: true,
    ignoreUndocumented: false,
    // No operation takes multipart bodies; skipping multer saves a middleware per request.
    fileUploader: false,
  });
  // With validateSecurity off the validator still installs a security middleware that only
  // calls next() after a promise hop, on every request: leave it out. (Matched by its function
  // name; should a release rename it, it simply stays in.)
  return middleware.filter((handler) => handler.name !== 'securityMiddleware');
}

/** Loads a module as express-openapi-validator itself resolves it (its own copy, its files). */
function requireFromValidator(id: string): unknown {
  return createRequire(createRequire(import.meta.url).resolve('express-openapi-validator'))(id);
}

/**
 * ajv's `multipleOfPrecision`: `multipleOf` passes when value / step is within 1e-N of an integer.
 * Money is `multipleOf: 0.01`, and in floating point 19.99 / 0.01 is 1998.9999999999998, so an
 * exact check rejects valid prices. 2 accepts every two-decimal amount up to the largest order
 * total (50 lines × 1000 units × 1000000, where the rounding error is about 0.002) and still
 * rejects a third decimal (19.999 / 0.01 is 0.1 from an integer). The domain's `toCents` stays the
 * exact check behind it.
 */
export const MULTIPLE_OF_PRECISION = 2;

interface AjvOptionsModule {
  AjvOptions: { prototype: { baseOptions(): Record<string, unknown> } };
  shopMultipleOfPrecision?: true;
}

/**
 * express-openapi-validator 5.6 builds its ajv options itself and takes no `multipleOfPrecision`,
 * so add it where every one of its ajv instances (requests, responses, preprocessing) gets its
 * options. Fails loudly should a release move the class: without it valid prices would be refused.
 */
function allowForRoundingInMultipleOf(): void {
  const mod = requireFromValidator('./framework/ajv/options') as AjvOptionsModule;
  if (mod.shopMultipleOfPrecision) return;
  const prototype = mod.AjvOptions?.prototype;
  if (typeof prototype?.baseOptions !== 'function')
    throw new Error(
      'express-openapi-validator: AjvOptions.baseOptions not found; cannot set multipleOfPrecision',
    );
  const original = prototype.baseOptions;
  prototype.baseOptions = function baseOptions(this: unknown) {
    return { ...original.call(this), multipleOfPrecision: MULTIPLE_OF_PRECISION };
  };
  mod.shopMultipleOfPrecision = true;
}

type PathToRegexp = (path: unknown, options?: Record<string, unknown>) => unknown;
interface PathToRegexpModule {
  pathToRegexp: PathToRegexp;
  shopMemoised?: true;
}

/**
 * express-openapi-validator 5.6 recompiles every route's path pattern on every request (its
 * route lookup calls path-to-regexp's `pathToRegexp` in a loop over all routes), which is most
 * of what the validator costs per request. The function is pure and its result (a RegExp without
 * the g/y flags, and the key list) is only read, so memoising it on the validator's own copy of
 * path-to-regexp changes nothing but speed. This workspace goes further with a pnpm patch
 * (patches/express-openapi-validator@5.6.2.patch: the lookup compiles its routes once), but a
 * patch only applies to installs from this lockfile; the memo also serves an installed package.
 * Both are removable once upstream caches the compiled routes.
 */
function memoisePathToRegexp(): void {
  const mod = requireFromValidator('path-to-regexp') as PathToRegexpModule;
  if (mod.shopMemoised) return;
  const original = mod.pathToRegexp;
  const cache = new Map<string, unknown>();
  mod.pathToRegexp = (path, options = {}) => {
    if (typeof path !== 'string') return original(path, options);
    const key = `${optionsKey(options)}\n${path}`;
    let compiled = cache.get(key);
    if (compiled === undefined) {
      compiled = original(path, options);
      cache.set(key, compiled);
    }
    return compiled;
  };
  mod.shopMemoised = true;
}

/**
 * The cache key of path-to-regexp options. The validator passes `{ sensitive, strict }` for each
 * route on every request, so those get a two-letter key; JSON is only the fallback for anything
 * else (stringifying on every call was a visible share of a request).
 */
function optionsKey(options: Record<string, unknown>): string {
  let key = '';
  for (const name in options) {
    if (name === 'sensitive') key += options[name] ? 'S' : 's';
    else if (name === 'strict') key += options[name] ? 'T' : 't';
    else return JSON.stringify(options);
  }
  return key;
}

/**
 * Everything between the raw request and the API routes: the JSON body parser (1 MB) and the
 * contract validator. Exported so the server benchmark can measure this stack on its own.
 */
export function contractMiddleware(specPath: string, validateResponses: boolean): RequestHandler[] {
  return [
    express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }),
    ...openApiValidator(specPath, validateResponses),
  ];
}
