import type { paths } from '../generated/schema.js';

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';

/** `"POST /api/orders"` for every operation whose spec declares an `Idempotency-Key` header. */
type KeyedOperation = {
  [P in keyof paths]: {
    [M in Method & keyof paths[P]]: paths[P][M] extends {
      parameters: { header?: infer H };
    }
      ? // `header?: never` (no header parameters) must not count: keyof never is every key.
        [NonNullable<H>] extends [never]
        ? never
        : 'Idempotency-Key' extends keyof NonNullable<H>
          ? `${Uppercase<M>} ${P}`
          : never
      : never;
  }[Method & keyof paths[P]];
}[keyof paths];

/**
 * The operations that take an `Idempotency-Key`, matched on the end of the URL path (the base
 * URL may carry a prefix). `satisfies` fails the build when the spec adds or drops one.
 */
const keyedOperations = {
  'POST /api/orders': /\/api\/orders$/,
  'POST /api/payments/{paymentId}/refund': /\/api\/payments\/[^/]+\/refund$/,
} as const satisfies Record<KeyedOperation, RegExp>;

const keyed = Object.entries(keyedOperations).map(([operation, pattern]) => ({
  method: operation.slice(0, operation.indexOf(' ')),
  pattern,
}));
const keyedMethods = new Set(keyed.map((op) => op.method));

/** Whether the spec gives this request an `Idempotency-Key` (so the SDK must send one). */
function takesIdempotencyKey(method: string, url: string): boolean {
  // Most requests are GETs: skip parsing their URL.
  if (!keyedMethods.has(method)) return false;
  const { pathname } = new URL(url);
  return keyed.some((op) => op.method === method && op.pattern.test(pathname));
}

/**
 * Gives a keyed request its `Idempotency-Key` once per logical call, before the first attempt,
 * so every retry repeats the same key and the server applies the call at most once. A key the
 * caller already set wins.
 */
export function ensureIdempotencyKey(method: string, url: string, headers: Headers): void {
  // The cheap method test first: a Headers lookup is not free and most requests are GETs.
  if (takesIdempotencyKey(method, url) && !headers.has('idempotency-key')) {
    headers.set('idempotency-key', crypto.randomUUID());
  }
}

/** Methods whose repetition cannot change anything more than the first call did. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether retrying could duplicate a side effect. Safe methods: no side effect to duplicate.
 * An operation the API deduplicates by `Idempotency-Key`, carrying one: the server replays the
 * first result for the key. Nothing else, key or not — the server ignores a key elsewhere, so a
 * retried POST would be applied twice; a retried PUT can overwrite a change someone made after
 * the lost first attempt (setInventory 5, then another admin's 7, then our 5 again); a retried
 * DELETE answers 404/409 for what the lost attempt already did.
 */
export function isRetrySafe(method: string, url: string, headers: Headers): boolean {
  return (
    SAFE_METHODS.has(method) || (headers.has('idempotency-key') && takesIdempotencyKey(method, url))
  );
}
