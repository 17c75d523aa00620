import * as openapiFetch from 'openapi-fetch';
import { createQuerySerializer, type Client } from 'openapi-fetch';
import { isApiSuccessBody, unexpectedSuccessError } from './errors.js';
import { ensureIdempotencyKey, isRetrySafe } from './fetch/idempotency.js';
import {
  abortableSleep,
  backoffDelay,
  createRetryingFetch,
  type AttemptOptions,
  type ErrorInfo,
  type FetchLike,
  type ResponseInfo,
} from './fetch/retry.js';
import type { paths } from './generated/schema.js';
import { accountsResource, type AccountsResource } from './resources/accounts.js';
import { authResource, type AuthResource } from './resources/auth.js';
import type { RequestOptions, ResourceContext, Sleep } from './resources/context.js';
import { eventsResource, type EventsResource } from './resources/events.js';
import { inventoryResource, type InventoryResource } from './resources/inventory.js';
import { itemsResource, type ItemsResource } from './resources/items.js';
import { ordersResource, type OrdersResource } from './resources/orders.js';
import { paymentsResource, type PaymentsResource } from './resources/payments.js';
import {
  webhookEndpointsResource,
  type WebhookEndpointsResource,
} from './resources/webhook-endpoints.js';
import { pathSerializer } from './path-serializer.js';
import { SDK_VERSION } from './version.js';

export type { RequestOptions } from './resources/context.js';

// The CommonJS build receives openapi-fetch's `exports` object as the default import (esbuild's
// Node-mode interop), with the function one level down; the ESM build gets the function.
const createClient: typeof openapiFetch.default =
  (openapiFetch.default as unknown as { default?: typeof openapiFetch.default }).default ??
  openapiFetch.default;

/** The runtime as `X-Shop-Client` names it: `node/20.20.0`, `bun/1.3.0`, `deno/2.5.0`, `workerd`, `browser`. */
function runtimeName(): string {
  const g = globalThis as {
    Bun?: { version: string };
    Deno?: { version: { deno: string } };
    navigator?: { userAgent?: string };
    process?: { versions?: { node?: string } };
    document?: unknown;
  };
  // Bun, Deno and Workers with nodejs_compat all imitate Node's `process`: ask them first.
  if (g.Bun) return `bun/${g.Bun.version}`;
  if (g.Deno) return `deno/${g.Deno.version.deno}`;
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd';
  if (g.process?.versions?.node) return `node/${g.process.versions.node}`;
  return g.document === undefined ? 'unknown' : 'browser';
}

/** Where the reference server listens by default (`shop-server`, `pnpm start`). */
export const DEFAULT_BASE_URL = 'http://localhost:4010';

/** Settings of {@link createShopClient}; every one is optional. */
export interface ShopClientOptions {
  /** Root URL of the API (a single server). Default `http://localhost:4010`. */
  baseUrl?: string | undefined;
  /**
   * The hosted layout: four services on four origins. Requests are routed by path —
   * `/api/accounts` and `/api/auth` → `accounts`, `/api/items` and `/api/inventory` → `items`,
   * `/api/orders` → `orders`, `/api/payments` → `payments`; anything else (or a service left
   * out) → `baseUrl`.
   */
  services?:
    | {
        accounts?: string | undefined;
        items?: string | undefined;
        orders?: string | undefined;
        payments?: string | undefined;
      }
    | undefined;
  /** Bearer token sent as `Authorization: Bearer …`. `auth.login()` sets it too. */
  token?: string | undefined;
  /** Asked before each request when no token is set, e.g. to read it from a store or refresh it. */
  getToken?: (() => string | undefined | Promise<string | undefined>) | undefined;
  /**
   * The fetch to use, called as `fetch(url, init)`; default `globalThis.fetch`. Pass undici's
   * fetch with a `dispatcher` for a proxy or tuned keep-alive (see the README).
   */
  fetch?: FetchLike | undefined;
  /** Time limit of one attempt, up to the response headers, in ms. Default 30 000; 0 = none. */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt, for requests that are safe to repeat. Default 2. */
  maxRetries?: number | undefined;
  /** Headers sent with every request. */
  headers?: Record<string, string> | undefined;
  /** Appended to the `User-Agent`: `shop-sdk/0.1.0 <userAgent>`. */
  userAgent?: string | undefined;
  /** Called after every attempt that got a response (the CLI's `--verbose` uses it). */
  onResponse?: ((info: ResponseInfo) => void) | undefined;
  /** Called after every attempt that got no response (connection error or timeout). */
  onError?: ((info: ErrorInfo) => void) | undefined;
  /**
   * Advanced, mostly a test hook: how the client waits — between retries, between
   * `orders.waitFor` polls and before `events.stream` reconnects. It must resolve after `ms`, or reject with `signal.reason` as soon as
   * `signal` aborts. Default: a timer. A test passes one that returns at once (or records `ms`).
   */
  sleep?: Sleep | undefined;
  /**
   * Advanced, mostly a test hook: the source of the retry backoff's jitter, a number in [0, 1)
   * like `Math.random` (the default); stream reconnects use the same backoff. `() => 0` gives the exact 0.5 s, 1 s, 2 s … schedule.
   */
  random?: (() => number) | undefined;
}

/** A client of The-Mall API. Create one with {@link createShopClient}. */
export interface ShopClient {
  /** Accounts: sign-up, read and update. */
  accounts: AccountsResource;
  /** Log in, check the token, or set it. */
  auth: AuthResource;
  /** The catalog. */
  items: ItemsResource;
  /** Stock levels and reservations. */
  inventory: InventoryResource;
  /** Place, read, list, cancel and wait for orders. */
  orders: OrdersResource;
  /** Read, list and refund payments. */
  payments: PaymentsResource;
  /** The event log: list, read, resend, and follow live (`stream`). */
  events: EventsResource;
  /** Where events are delivered as signed webhooks. */
  webhookEndpoints: WebhookEndpointsResource;
  /**
   * The underlying openapi-fetch client, for `{ data, error, response }` results (headers,
   * `X-Request-Id`, status) with the same token, retries, timeouts and idempotency keys.
   * HTTP errors come back as `error`; transport failures, and a success that is not the API's
   * JSON, still throw.
   */
  raw: Client<paths>;
}

const SERVICE_PREFIXES = [
  ['/api/accounts', 'accounts'],
  ['/api/auth', 'accounts'],
  ['/api/items', 'items'],
  ['/api/inventory', 'items'],
  ['/api/orders', 'orders'],
  ['/api/payments', 'payments'],
] as const;

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

/** Rewrites `baseUrl + path` to `service + path` for the hosted four-service layout. */
function serviceRouter(
  baseUrl: string,
  services: NonNullable<ShopClientOptions['services']>,
): (url: string) => string {
  return (url) => {
    if (!url.startsWith(baseUrl)) return url;
    const rest = url.slice(baseUrl.length);
    for (const [prefix, name] of SERVICE_PREFIXES) {
      const target = services[name];
      if (target === undefined || !rest.startsWith(prefix)) continue;
      // `/api/items` must not claim `/api/itemsX`: the prefix ends at a segment boundary.
      const next = rest.charAt(prefix.length);
      if (next === '' || next === '/' || next === '?') return trimSlash(target) + rest;
    }
    return url;
  };
}

/**
 * Creates a client. Resource methods return data or throw a {@link ShopApiError} subclass
 * (HTTP errors), {@link ShopConnectionError} or {@link ShopTimeoutError}.
 *
 * @example
 * const shop = createShopClient({ baseUrl: 'http://localhost:4010' });
 * await shop.auth.login({ email: 'customer@shop.local', password: 'customer-password' });
 * const order = await shop.orders.create({ items: [{ itemId, quantity: 2 }] });
 * const paid = await shop.orders.waitFor(order.orderId, { until: ['PAID', 'PAYMENT_FAILED'] });
 */
export function createShopClient(options: ShopClientOptions = {}): ShopClient {
  const baseUrl = trimSlash(options.baseUrl ?? DEFAULT_BASE_URL);
  let token = options.token;
  const { getToken } = options;
  const route = options.services ? serviceRouter(baseUrl, options.services) : undefined;
  // Looked up per call, so a fetch patched after the client was made is still used.
  const fetchImpl: FetchLike = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const retrying = createRetryingFetch({
    fetch: fetchImpl,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxRetries: options.maxRetries ?? 2,
    isRetryable: isRetrySafe,
    onResponse: options.onResponse,
    onError: options.onError,
    sleep,
    random,
  });

  /**
   * Everything done once per logical request, then the attempts. openapi-fetch hands over the
   * Request it built (after any middleware), so the request is ours to complete.
   */
  async function send(request: Request, call?: RequestOptions): Promise<Response> {
    const { method, headers } = request;
    const url = route ? route(request.url) : request.url;
    if ((token !== undefined || getToken) && !headers.has('authorization')) {
      const current = token ?? (getToken ? await getToken() : undefined);
      if (current) headers.set('authorization', `Bearer ${current}`);
    }
    ensureIdempotencyKey(method, url, headers);
    // Read once here, resent as is on every attempt.
    const body = request.body === null ? undefined : await request.arrayBuffer();
    const attempt: AttemptOptions = {
      signal: call?.signal ?? request.signal,
      timeoutMs: call?.timeoutMs,
      maxRetries: call?.maxRetries,
    };
    const response = await retrying(url, { method, headers, body }, attempt);
    // Checked before openapi-fetch parses it, which would throw a bare SyntaxError.
    if (response.ok && response.status !== 204 && !isApiSuccessBody(response)) {
      throw unexpectedSuccessError(response, await response.text(), url);
    }
    return response;
  }

  // One client for the resources and for `raw`: middleware a user adds sees every call.
  const raw = createClient<paths>({
    baseUrl,
    // Built once: given options instead, openapi-fetch builds a serializer on every call.
    querySerializer: createQuerySerializer(),
    pathSerializer,
    headers: {
      ...options.headers,
      'User-Agent': `shop-sdk/${SDK_VERSION}${options.userAgent ? ` ${options.userAgent}` : ''}`,
      // Browsers drop a script's User-Agent; this one reaches the server from every runtime.
      'X-Shop-Client': `shop-sdk/${SDK_VERSION} (${runtimeName()})`,
    },
    fetch: (request) => send(request),
  });

  const context: ResourceContext = {
    raw,
    init(call) {
      if (call === undefined) return {};
      const headers = call.idempotencyKey
        ? { ...call.headers, 'Idempotency-Key': call.idempotencyKey }
        : call.headers;
      // openapi-fetch's per-request `fetch`: how this call's signal, timeout and retries reach
      // `send` through the public API.
      return { ...(headers && { headers }), fetch: (request) => send(request, call) };
    },
    setToken(next) {
      token = next;
    },
    sleep,
    backoff: (retry) => backoffDelay(retry, random),
  };

  const events = eventsResource(context);
  return {
    accounts: accountsResource(context),
    auth: authResource(context),
    items: itemsResource(context),
    inventory: inventoryResource(context),
    orders: ordersResource(context, events),
    payments: paymentsResource(context),
    events,
    webhookEndpoints: webhookEndpointsResource(context),
    raw,
  };
}
