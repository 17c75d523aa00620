import type { Client } from 'openapi-fetch';
import type { paths } from '../generated/schema.js';

/** Settings of one call; the last argument of every resource method. */
export interface RequestOptions {
  /**
   * Cancels the call, its retries and the waits between them, until the answer's headers arrive
   * (with `timeoutMs: 0`, its body too); its reason is rethrown.
   */
  signal?: AbortSignal | undefined;
  /** Overrides the client's per-attempt time limit for this call. */
  timeoutMs?: number | undefined;
  /** Overrides the client's retry count for this call. */
  maxRetries?: number | undefined;
  /** Extra headers for this call. */
  headers?: Record<string, string> | undefined;
  /**
   * For calls the spec marks with `Idempotency-Key` (orders.create, payments.refund): your own
   * key, e.g. one stored with your checkout so a restarted process repeats the same key. When
   * absent the SDK generates one per call and reuses it on every retry. Other calls send it but
   * are not retried for it: the API does not deduplicate them.
   */
  idempotencyKey?: string | undefined;
}

/** Waits `ms`, or rejects with `signal.reason` as soon as the signal aborts. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/**
 * All that a resource sees of its client: the typed openapi-fetch client, per-call options turned
 * into openapi-fetch options, the token, and the client's clock. Retries, timeouts and keys stay
 * behind `raw`, so a resource cannot depend on how they are done.
 * @internal
 */
export interface ResourceContext {
  raw: Client<paths>;
  /** openapi-fetch options for one call's {@link RequestOptions}; spread them into the call. */
  init(options: RequestOptions | undefined): {
    headers?: Record<string, string>;
    fetch?: (request: Request) => Promise<Response>;
  };
  setToken(token: string | undefined): void;
  sleep: Sleep;
  /** The client's retry backoff (its own jitter source) before reconnect number `retry` (0-based). */
  backoff(retry: number): number;
}
