import cors from 'cors';
import type { RequestHandler } from 'express';

/**
 * Which browser origins may call the API: `'*'` (any), a list of exact origins
 * (`https://app.example.com`), or `undefined` for the default, any port of `http://localhost` and
 * `http://127.0.0.1` (a dev server on one port calling the reference server on another).
 */
export type CorsOrigin = '*' | readonly string[] | undefined;

const LOCAL_ORIGIN = /^http:\/\/(?:localhost|127\.0\.0\.1)(?::\d{1,5})?$/;

/** Request headers the SDK and the contract use; a preflight asking for them is allowed. */
const ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'Idempotency-Key',
  'If-None-Match',
  'X-Request-Id',
  'X-Shop-Client',
];

/**
 * Response headers a browser script may read: without them the SDK's ETag cache, request ids,
 * idempotent-replay flag, Retry-After backoff and created-resource locations are invisible.
 */
const EXPOSED_HEADERS = ['ETag', 'X-Request-Id', 'Idempotent-Replayed', 'Retry-After', 'Location'];

/**
 * Answers preflights (204) and adds the CORS headers to every response. Mounted before the
 * contract validator, which lists no OPTIONS operations and would answer a preflight 405.
 * A disallowed origin gets no `Access-Control-Allow-Origin`, so the browser blocks the call.
 */
export function corsMiddleware(origin: CorsOrigin): RequestHandler {
  return cors({
    origin: origin === '*' ? '*' : origin === undefined ? LOCAL_ORIGIN : [...origin],
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    // Bearer tokens travel in a header, never in cookies: no credentialed requests.
    credentials: false,
    // Saves a preflight per call for ten minutes (Chromium caps the cache at two hours).
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
}

/**
 * Parses `--cors-origin` / `SHOP_CORS_ORIGIN`: `*`, or a comma-separated list of origins.
 * Throws a plain Error naming the bad entry; the caller turns it into a usage error.
 */
export function parseCorsOrigin(value: string): Exclude<CorsOrigin, undefined> {
  if (value.trim() === '*') return '*';
  const origins = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (origins.length === 0) throw new Error('expected "*" or a comma-separated list of origins');
  for (const entry of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(entry);
    } catch {
      parsed = undefined;
    }
    // Browsers send the origin alone (scheme://host[:port]); anything longer would never match.
    if (parsed?.origin !== entry) {
      throw new Error(`"${entry}" is not an origin like http://localhost:5173 (no path or slash)`);
    }
  }
  return origins;
}
