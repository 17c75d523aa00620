import { parseRetryAfter, ShopConnectionError, ShopTimeoutError } from '../errors.js';

/** The `fetch` the SDK calls underneath: always `(url, init)`, so undici's or any other fits. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** What `onResponse` receives after every attempt that got a response. */
export interface ResponseInfo {
  method: string;
  url: string;
  status: number;
  requestId: string | null;
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
  durationMs: number;
}

/** What `onError` receives after every attempt that got no response (connection error, timeout). */
export interface ErrorInfo {
  method: string;
  url: string;
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
  error: unknown;
}

/** Per-call settings of one logical request (all its attempts). */
export interface AttemptOptions {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
}

export interface RetryConfig {
  fetch: FetchLike;
  /** Per attempt; 0 or Infinity turns the timer off. */
  timeoutMs: number;
  maxRetries: number;
  /** Decides, once per logical request, whether retrying it could duplicate a side effect. */
  isRetryable: (method: string, url: string, headers: Headers) => boolean;
  onResponse?: ((info: ResponseInfo) => void) | undefined;
  onError?: ((info: ErrorInfo) => void) | undefined;
  /** Tests pass their own to observe delays without waiting. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
}

/** First retry waits about 0.5 s, then 1 s, 2 s, 4 s, never more than 8 s. */
const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
/** A longer `Retry-After` means "come back much later": failing now beats hanging for minutes. */
const MAX_RETRY_AFTER_S = 60;

const neverAborted = new AbortController().signal;

/**
 * Backoff before retry number `retry` (0-based): 0.5 s doubling, capped at 8 s, minus up to 25 %
 * jitter so clients that failed together do not come back together.
 */
export function backoffDelay(retry: number, random: () => number = Math.random): number {
  const base = Math.min(INITIAL_DELAY_MS * 2 ** retry, MAX_DELAY_MS);
  return base * (1 - 0.25 * random());
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * How long to wait before retrying `response`, or `null` when it must not be retried. Reads the
 * body only for 409, from a clone.
 */
async function retryDelayFor(
  response: Response,
  retry: number,
  random: () => number,
): Promise<number | null> {
  const { status } = response;
  // 408: the server gave up waiting for our request; a new attempt is expected to work.
  // 429: rate limited; worth another try after the wait the server asks for.
  // 5xx: server-side failures are usually transient (restart, overload, a lost response).
  let retryable = status === 408 || status === 429 || status >= 500;
  if (status === 409) {
    // 409 is retried only for `idempotency.in_flight`: the first attempt with this key is still
    // running, so a later retry gets its stored result (the reason stripe-node retries 409).
    // Other 409s are business conflicts (inventory.insufficient, order.not_cancellable, …) that
    // no retry can fix. An unreadable body may be a proxy's conflict, so it is retried too.
    try {
      const body = JSON.parse(await response.clone().text()) as { code?: unknown };
      retryable = body.code === 'idempotency.in_flight';
    } catch {
      retryable = true;
    }
  }
  if (!retryable) return null;
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  if (retryAfter !== null) {
    // The server knows best when it will be ready: honour 0–60 s exactly; beyond that, give up.
    return retryAfter <= MAX_RETRY_AFTER_S ? retryAfter * 1000 : null;
  }
  return backoffDelay(retry, random);
}

/**
 * Wraps `fetch` with per-attempt timeouts and retries. The result is handed to openapi-fetch
 * (not middleware) because a request body can be read once and middleware should see one
 * logical request; here the body is read once and resent on every attempt.
 *
 * Retried: connection errors, timeouts, 408, 409 `idempotency.in_flight`, 429, 5xx — only when
 * `isRetryable` says the request cannot duplicate a side effect. A caller's signal cancels the
 * attempt in flight and the backoff sleep alike, and its reason is rethrown as is.
 */
export function createRetryingFetch(config: RetryConfig) {
  const sleep = config.sleep ?? abortableSleep;
  const random = config.random ?? Math.random;

  return async function retryingFetch(
    url: string,
    init: { method: string; headers: Headers; body: BodyInit | undefined },
    options: AttemptOptions = {},
  ): Promise<Response> {
    const { signal: caller } = options;
    const signal = caller ?? neverAborted;
    const timeoutMs = options.timeoutMs ?? config.timeoutMs;
    const maxRetries = options.maxRetries ?? config.maxRetries;
    const { method, headers, body } = init;
    const retryable = maxRetries > 0 && config.isRetryable(method, url, headers);

    for (let attempt = 0; ; attempt++) {
      signal.throwIfAborted();
      // Timed only for the hooks: most clients have none, and the clock is not free.
      const started = config.onResponse ? performance.now() : 0;
      let response: Response;
      try {
        response = await attemptOnce(url, method, headers, body, caller, timeoutMs);
      } catch (error) {
        // Anything but a failed attempt is the caller's abort reason: rethrown as is, no retry.
        if (!(error instanceof AttemptFailure)) throw error;
        const failure = error.timedOut
          ? new ShopTimeoutError(
              `${method} ${url} timed out after ${timeoutMs} ms (attempt ${attempt + 1} of ${maxRetries + 1})`,
              timeoutMs,
            )
          : new ShopConnectionError(
              `${method} ${url} failed: ${describe(error.cause)}${corsHint()}`,
              { cause: error.cause },
            );
        config.onError?.({ method, url, attempt: attempt + 1, error: failure });
        // Connection errors and timeouts: the request may never have reached the server, or its
        // response was lost; safe to repeat only because `retryable` holds.
        if (!retryable || attempt >= maxRetries) throw failure;
        await sleep(backoffDelay(attempt, random), signal);
        continue;
      }
      config.onResponse?.({
        method,
        url,
        status: response.status,
        requestId: response.headers.get('x-request-id'),
        attempt: attempt + 1,
        durationMs: performance.now() - started,
      });
      if (response.ok || !retryable || attempt >= maxRetries) return response;
      const delay = await retryDelayFor(response, attempt, random);
      if (delay === null) return response;
      // Free the connection for the next attempt; the body of a retried response is not needed.
      await response.body?.cancel().catch(() => undefined);
      await sleep(delay, signal);
    }
  };

  /**
   * One attempt: the response, or an {@link AttemptFailure} saying why there was none, or the
   * caller's abort reason. Not an async function: one promise per attempt, not three.
   */
  function attemptOnce(
    url: string,
    method: string,
    headers: Headers,
    body: BodyInit | undefined,
    caller: AbortSignal | undefined,
    timeoutMs: number,
  ): Promise<Response> {
    const fail = (error: unknown, timedOut: boolean): never => {
      // The caller cancelled: stop at once, with their reason, never retry.
      if (caller?.aborted) throw caller.reason;
      throw new AttemptFailure(timedOut, error);
    };
    // A signal costs the fetch real work (Node's undici follows it with listeners and a
    // finalizer): build one only for a timer, and without a timer hand over the caller's as is.
    if (!(timeoutMs > 0 && Number.isFinite(timeoutMs))) {
      return config
        .fetch(url, { method, headers, body, signal: caller })
        .catch((error: unknown) => fail(error, false));
    }
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const abortAttempt = (): void => controller.abort(caller?.reason);
    caller?.addEventListener('abort', abortAttempt);
    // The timer covers the wait for response headers; the body is read by the caller.
    const settle = (): void => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', abortAttempt);
    };
    return config.fetch(url, { method, headers, body, signal: controller.signal }).then(
      (response) => {
        settle();
        return response;
      },
      (error: unknown) => {
        settle();
        return fail(error, timedOut);
      },
    );
  }
}

/** Why an attempt got no response: the per-attempt timeout, or a connection error (`cause`). */
class AttemptFailure {
  constructor(
    readonly timedOut: boolean,
    readonly cause: unknown,
  ) {}
}

/**
 * A browser reports a request blocked by CORS exactly like a dead server (a bare TypeError, the
 * reason only in the console), so in a browser the message names that possibility too.
 */
function corsHint(): string {
  const g = globalThis as {
    document?: unknown;
    importScripts?: unknown;
    location?: { origin?: string };
  };
  if (g.document === undefined && typeof g.importScripts !== 'function') return '';
  const origin = g.location?.origin ?? "this page's origin";
  return (
    ` (in a browser this is also how a cross-origin request blocked by CORS looks: see the` +
    ` console, and check that the API allows ${origin}, e.g. shop-server --cors-origin ${origin})`
  );
}

const describe = (error: unknown): string => {
  const cause =
    error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return error instanceof Error ? `${error.message}${cause}` : String(error);
};
