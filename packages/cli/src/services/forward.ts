import type { ShopEvent } from '@shop/sdk';
import { VERSION } from '../version.js';

/**
 * Waits before each retry of a failed forward: four attempts in all (at once, then after 1 s,
 * 2 s and 4 s), about 7 s before an event counts as failed. Short, because the receiver is a
 * handler on the developer's own machine: it is either up or being restarted.
 */
const FORWARD_RETRY_DELAYS_MS = [1000, 2000, 4000] as const;

/** One attempt to POST an event to the local handler. */
export interface ForwardResult {
  event: ShopEvent;
  url: string;
  attempt: number;
  /** The HTTP status, or null when no response came (refused, timed out). */
  status: number | null;
  /** Why an attempt without a response failed. */
  error: string | null;
  durationMs: number;
  /** `delivered` (2xx), `retrying` (another attempt follows) or `failed` (no attempt left). */
  outcome: 'delivered' | 'retrying' | 'failed';
  /** With `retrying`: how long until the next attempt. */
  retryInMs: number | null;
}

export interface ForwarderOptions {
  url: string;
  secret: string;
  /** Sent with every forward (`--headers`), under the signature headers. */
  headers: Readonly<Record<string, string>>;
  timeoutMs: number;
  signal: AbortSignal;
  onResult: (result: ForwardResult) => void;
  /** An event's forward ended (delivered or failed, not cut short by the signal). */
  onSettled: (event: ShopEvent, delivered: boolean) => void;
}

export interface Forwarder {
  /** Queues an event; forwards go out one at a time, in the order events were queued. */
  push(event: ShopEvent): void;
  /** Resolves once every queued event has settled (or the signal aborted). */
  idle(): Promise<void>;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/** Why a fetch that got no response failed, in a few words. */
function failureReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError')
    return `timed out after ${timeoutMs} ms`;
  // fetch throws "fetch failed"; what happened is in its cause (a socket error, or "bad port").
  const cause =
    error instanceof Error
      ? (error.cause as { code?: string; message?: string } | undefined)
      : undefined;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/**
 * Forwards events to a local handler as The-Mall delivers webhooks: a POST of the envelope,
 * signed with Standard Webhooks (`webhook-id` is the event id, the same on every attempt), no
 * redirects followed, only 2xx a success. The queue is apart from the stream: a slow handler
 * delays forwards, never the reading of events.
 */
export function createForwarder(options: ForwarderOptions): Forwarder {
  let chain: Promise<void> = Promise.resolve();
  const { signal } = options;

  async function attempt(event: ShopEvent, body: string, n: number): Promise<ForwardResult> {
    const { signWebhook } = await import('@shop/sdk/webhooks');
    const signed = await signWebhook({ id: event.id, payload: body, secret: options.secret });
    const started = performance.now();
    const base = { event, url: options.url, attempt: n };
    try {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: {
          ...options.headers,
          ...signed,
          'content-type': 'application/json',
          'shop-event-type': event.type,
          'user-agent': `shop-cli/${VERSION} (listen)`,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.any([signal, AbortSignal.timeout(options.timeoutMs)]),
      });
      // The body is not used; reading it frees the connection for the next forward.
      await response.arrayBuffer().catch(() => undefined);
      const ok = response.status >= 200 && response.status < 300;
      return { ...base, status: response.status, error: null, ...timing(started, ok, n) };
    } catch (error) {
      if (signal.aborted) throw error;
      return {
        ...base,
        status: null,
        error: failureReason(error, options.timeoutMs),
        ...timing(started, false, n),
      };
    }
  }

  const timing = (started: number, ok: boolean, n: number) => {
    const retryInMs = ok ? undefined : FORWARD_RETRY_DELAYS_MS[n - 1];
    return {
      durationMs: Math.round(performance.now() - started),
      outcome: ok ? 'delivered' : retryInMs === undefined ? 'failed' : 'retrying',
      retryInMs: retryInMs ?? null,
    } as const;
  };

  async function forward(event: ShopEvent): Promise<void> {
    const body = JSON.stringify(event);
    for (let n = 1; !signal.aborted; n++) {
      const result = await attempt(event, body, n);
      options.onResult(result);
      if (result.outcome !== 'retrying') {
        options.onSettled(event, result.outcome === 'delivered');
        return;
      }
      await sleep(result.retryInMs ?? 0, signal);
    }
  }

  return {
    push(event) {
      chain = chain.then(async () => {
        if (signal.aborted) return;
        try {
          await forward(event);
        } catch (error) {
          // Ctrl-C cut the attempt short: the event stays unsettled and is sent again next run.
          if (signal.aborted) return;
          // Anything else (a secret that cannot sign) fails this event, visibly.
          options.onResult({
            event,
            url: options.url,
            attempt: 1,
            status: null,
            error: error instanceof Error ? error.message : String(error),
            durationMs: 0,
            outcome: 'failed',
            retryInMs: null,
          });
          options.onSettled(event, false);
        }
      });
    },
    idle: () => chain,
  };
}
