import { describe, expect, it, vi } from 'vitest';
import { ShopConnectionError, ShopTimeoutError } from '../errors.js';
import { isRetrySafe } from './idempotency.js';
import { backoffDelay, createRetryingFetch, type FetchLike, type RetryConfig } from './retry.js';

/** A fetch that answers from a script, one entry per call, and records what it was sent. */
function scriptedFetch(...script: Array<Response | Error | 'hang'>) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetch: FetchLike = (url, init) => {
    calls.push({ url, init });
    const next = script[calls.length - 1];
    if (next === undefined) throw new Error(`unexpected call ${calls.length}`);
    if (next === 'hang') {
      // Like a server that never answers: settles only when the attempt is aborted.
      return new Promise((_, reject) =>
        init.signal?.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError')),
        ),
      );
    }
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  };
  return { fetch, calls };
}

const problem = (status: number, code: string, headers: Record<string, string> = {}): Response =>
  new Response(
    JSON.stringify({ type: `urn:shop:problem:${code}`, title: 'x', status, detail: 'x', code }),
    {
      status,
      headers: { 'content-type': 'application/problem+json', ...headers },
    },
  );
const ok = (): Response => new Response('{}', { status: 200 });

/** The wrapper with a recorded, instant sleep and no jitter. */
function setup(fetch: FetchLike, config: Partial<RetryConfig> = {}) {
  const delays: number[] = [];
  const retrying = createRetryingFetch({
    fetch,
    timeoutMs: 30_000,
    maxRetries: 2,
    isRetryable: isRetrySafe,
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 0,
    ...config,
  });
  return { retrying, delays };
}

const get = { method: 'GET', headers: new Headers(), body: undefined };
const post = { method: 'POST', headers: new Headers(), body: '{}' };
const keyedPost = () => ({
  method: 'POST',
  headers: new Headers({ 'idempotency-key': 'k-1' }),
  body: '{}',
});

describe('createRetryingFetch', () => {
  it('retries a 503 GET with 0.5 s doubling backoff and returns the success', async () => {
    const { fetch, calls } = scriptedFetch(problem(503, 'fault.injected'), problem(502, 'x'), ok());
    const { retrying, delays } = setup(fetch);
    const response = await retrying('http://api/x', get);
    expect(response.status).toBe(200);
    expect(calls).toHaveLength(3);
    expect(delays).toEqual([500, 1000]);
  });

  it('caps the backoff at 8 s', () => {
    const noJitter = () => 0;
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, noJitter))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });

  it('takes up to a quarter off each delay as jitter', () => {
    expect(backoffDelay(1, () => 1)).toBe(750);
    expect(backoffDelay(1, () => 0.5)).toBe(875);
  });

  it('returns the last error response once the retries are spent', async () => {
    const { fetch, calls } = scriptedFetch(
      problem(500, 'internal'),
      problem(500, 'internal'),
      problem(500, 'internal'),
    );
    const { retrying } = setup(fetch);
    const response = await retrying('http://api/x', get);
    expect(response.status).toBe(500);
    expect(calls).toHaveLength(3);
  });

  it('retries 408 and 429', async () => {
    const { fetch, calls } = scriptedFetch(
      new Response(null, { status: 408 }),
      problem(429, 'rate'),
      ok(),
    );
    const { retrying } = setup(fetch);
    expect((await retrying('http://api/x', get)).status).toBe(200);
    expect(calls).toHaveLength(3);
  });

  it('waits exactly as long as Retry-After asks when it is 0–60 s', async () => {
    const { fetch } = scriptedFetch(
      problem(429, 'rate', { 'retry-after': '3' }),
      problem(503, 'x', { 'retry-after': '0' }),
      ok(),
    );
    const { retrying, delays } = setup(fetch);
    await retrying('http://api/x', get);
    expect(delays).toEqual([3000, 0]);
  });

  it('reads Retry-After as an HTTP date', async () => {
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const { fetch } = scriptedFetch(problem(503, 'x', { 'retry-after': inTenSeconds }), ok());
    const { retrying, delays } = setup(fetch);
    await retrying('http://api/x', get);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThan(5_000);
    expect(delays[0]).toBeLessThanOrEqual(10_000);
  });

  it('does not retry when Retry-After asks for more than 60 s', async () => {
    const { fetch, calls } = scriptedFetch(
      problem(429, 'auth.too_many_attempts', { 'retry-after': '840' }),
    );
    const { retrying } = setup(fetch);
    const response = await retrying('http://api/x', get);
    expect(response.status).toBe(429);
    expect(calls).toHaveLength(1);
  });

  it('retries 409 idempotency.in_flight but not a business conflict', async () => {
    const inFlight = scriptedFetch(problem(409, 'idempotency.in_flight'), ok());
    expect(
      (await setup(inFlight.fetch).retrying('http://shop.test/api/orders', keyedPost())).status,
    ).toBe(200);
    expect(inFlight.calls).toHaveLength(2);

    const conflict = scriptedFetch(problem(409, 'inventory.insufficient'));
    expect(
      (await setup(conflict.fetch).retrying('http://shop.test/api/orders', keyedPost())).status,
    ).toBe(409);
    expect(conflict.calls).toHaveLength(1);
  });

  it('retries a 409 whose body is not JSON, and still hands the body over afterwards', async () => {
    const { fetch, calls } = scriptedFetch(
      new Response('<html>conflict</html>', { status: 409 }),
      new Response('<html>conflict</html>', { status: 409 }),
    );
    const response = await setup(fetch, { maxRetries: 1 }).retrying('http://api/x', get);
    expect(calls).toHaveLength(2);
    expect(await response.text()).toBe('<html>conflict</html>');
  });

  it.each([400, 401, 403, 404, 422])('does not retry %i', async (status) => {
    const { fetch, calls } = scriptedFetch(problem(status, 'x'));
    expect((await setup(fetch).retrying('http://api/x', get)).status).toBe(status);
    expect(calls).toHaveLength(1);
  });

  it('never retries a POST without an Idempotency-Key', async () => {
    const failed = scriptedFetch(problem(503, 'x'));
    expect((await setup(failed.fetch).retrying('http://api/x', post)).status).toBe(503);
    expect(failed.calls).toHaveLength(1);

    const refused = scriptedFetch(new TypeError('fetch failed'));
    await expect(setup(refused.fetch).retrying('http://api/x', post)).rejects.toBeInstanceOf(
      ShopConnectionError,
    );
    expect(refused.calls).toHaveLength(1);
  });

  it('never retries an unsafe call whose Idempotency-Key the API ignores', async () => {
    // Only createOrder and refundPayment deduplicate by key: anywhere else a retry repeats the
    // effect (a second webhook endpoint, a second resend), key or not.
    for (const [method, path] of [
      ['POST', '/api/webhook-endpoints'],
      ['POST', '/api/events/evt_1/resend'],
      ['PUT', '/api/inventory/65f1c0a2b3d4e5f60718293a'],
      ['DELETE', '/api/orders/o-1'],
    ] as const) {
      const { fetch, calls } = scriptedFetch(problem(503, 'x'), ok());
      const response = await setup(fetch).retrying(`http://shop.test${path}`, {
        ...keyedPost(),
        method,
      });
      expect([method, path, response.status, calls.length]).toEqual([method, path, 503, 1]);
    }
  });

  it('retries a keyed POST, resending the same body and key', async () => {
    const { fetch, calls } = scriptedFetch(problem(503, 'x'), new TypeError('fetch failed'), ok());
    const { retrying } = setup(fetch);
    await retrying('http://shop.test/api/orders', keyedPost());
    expect(calls.map((c) => new Headers(c.init.headers).get('idempotency-key'))).toEqual([
      'k-1',
      'k-1',
      'k-1',
    ]);
    expect(calls.map((c) => c.init.body)).toEqual(['{}', '{}', '{}']);
  });

  it('turns connection errors into ShopConnectionError with the cause, after retrying them', async () => {
    const cause = new TypeError('fetch failed', {
      cause: new Error('connect ECONNREFUSED 127.0.0.1:1'),
    });
    const { fetch, calls } = scriptedFetch(cause, cause, cause);
    const { retrying, delays } = setup(fetch);
    const error = await retrying('http://api/x', get).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopConnectionError);
    expect((error as Error).cause).toBe(cause);
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect(calls).toHaveLength(3);
    expect(delays).toEqual([500, 1000]);
  });

  it('says in a browser that a failed request may be a CORS block', async () => {
    // What Chromium throws for a request its CORS check blocked: no cause, no status.
    const blocked = new TypeError('Failed to fetch');
    const { fetch } = scriptedFetch(blocked);
    const { retrying } = setup(fetch);
    const outside: unknown = await retrying('http://api/x', get, { maxRetries: 0 }).catch(
      (e: unknown) => e,
    );
    expect(outside).toBeInstanceOf(ShopConnectionError);
    expect((outside as Error).message).not.toContain('CORS');

    vi.stubGlobal('document', {});
    vi.stubGlobal('location', { origin: 'http://127.0.0.1:5173' });
    try {
      const { fetch: again } = scriptedFetch(blocked);
      const { retrying: inPage } = setup(again);
      const error: unknown = await inPage('http://api/x', get, { maxRetries: 0 }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ShopConnectionError);
      const { message } = error as Error;
      expect(message).toContain('Failed to fetch');
      expect(message).toContain('blocked by CORS');
      expect(message).toContain('--cors-origin http://127.0.0.1:5173');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('times out each attempt and throws ShopTimeoutError when all time out', async () => {
    const { fetch, calls } = scriptedFetch('hang', 'hang');
    const { retrying } = setup(fetch, { timeoutMs: 10, maxRetries: 1 });
    const error = await retrying('http://api/x', get).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopTimeoutError);
    expect((error as ShopTimeoutError).timeoutMs).toBe(10);
    expect(calls).toHaveLength(2);
  });

  it('recovers when a timed-out attempt is followed by a good one', async () => {
    const { fetch } = scriptedFetch('hang', ok());
    const { retrying } = setup(fetch, { timeoutMs: 10 });
    expect((await retrying('http://api/x', get)).status).toBe(200);
  });

  it("rethrows the caller's abort reason from an attempt in flight, without retrying", async () => {
    const { fetch, calls } = scriptedFetch('hang', ok());
    const { retrying } = setup(fetch);
    const controller = new AbortController();
    const reason = new DOMException('user pressed ctrl-c', 'AbortError');
    const pending = retrying('http://api/x', get, { signal: controller.signal });
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(calls).toHaveLength(1);
  });

  it('cancels the backoff sleep when the caller aborts', async () => {
    const { fetch, calls } = scriptedFetch(problem(503, 'x'), ok());
    // The real sleep: the abort must cut the 0.5 s wait short.
    const { retrying } = setup(fetch, { sleep: undefined });
    const controller = new AbortController();
    const reason = new Error('stop');
    const pending = retrying('http://api/x', get, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 5);
    await expect(pending).rejects.toBe(reason);
    expect(calls).toHaveLength(1);
  });

  it('does not start when the signal is already aborted', async () => {
    const { fetch, calls } = scriptedFetch(ok());
    const reason = new Error('already');
    await expect(
      setup(fetch).retrying('http://api/x', get, { signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason);
    expect(calls).toHaveLength(0);
  });

  it('honours per-call maxRetries', async () => {
    const { fetch, calls } = scriptedFetch(problem(503, 'x'));
    expect((await setup(fetch).retrying('http://api/x', get, { maxRetries: 0 })).status).toBe(503);
    expect(calls).toHaveLength(1);
  });

  it('reports every attempt to onResponse and onError, counting from 1', async () => {
    const seen: string[] = [];
    const { fetch } = scriptedFetch(
      new TypeError('fetch failed'),
      problem(503, 'x', { 'x-request-id': 'req-2' }),
      new Response('{}', { status: 200, headers: { 'x-request-id': 'req-3' } }),
    );
    const { retrying } = setup(fetch, {
      onResponse: (info) =>
        seen.push(`${info.attempt} ${info.method} ${info.status} ${info.requestId}`),
      onError: (info) => seen.push(`${info.attempt} ${info.method} ${(info.error as Error).name}`),
    });
    await retrying('http://api/x', get);
    expect(seen).toEqual(['1 GET ShopConnectionError', '2 GET 503 req-2', '3 GET 200 req-3']);
  });
});
