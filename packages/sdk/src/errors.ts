import type { Order, OrderStatus, Problem, ProblemFieldError } from './types.js';

/** The base of every error the SDK throws itself, so `catch (e) { if (e instanceof ShopError) }` works. */
export class ShopError extends Error {
  override name = 'ShopError';
}

/**
 * The API answered with an error status. `code` is the stable machine-readable code
 * (`order.not_cancellable`, `validation.failed`, …); branch on it, not on `message`.
 */
export class ShopApiError extends ShopError {
  override name = 'ShopApiError';
  /** HTTP status of the response. */
  readonly status: number;
  /** Stable error code from the problem body, or `http.<status>` when the body was not a problem. */
  readonly code: string;
  /** Short summary of the problem type (the HTTP reason phrase for this API). */
  readonly title: string;
  /** Human-readable explanation of this occurrence. */
  readonly detail: string;
  /** Field-level complaints (400 `validation.failed`); empty otherwise. */
  readonly errors: ProblemFieldError[];
  /** The `X-Request-Id` of the response (or the body's `requestId`); quote it in bug reports. */
  readonly requestId: string | null;
  /** The problem body as received, or one built from the status when the body was not JSON. */
  readonly problem: Problem;

  constructor(problem: Problem, requestId: string | null) {
    const fields = problem.errors?.length
      ? ` (${problem.errors.map((e) => `${e.path}: ${e.message}`).join('; ')})`
      : '';
    super(`${problem.status} ${problem.code}: ${problem.detail}${fields}`);
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.requestId = requestId;
    this.problem = problem;
  }
}

/** 400: the request was malformed or failed validation; see `errors` for the fields. */
export class BadRequestError extends ShopApiError {
  override name = 'BadRequestError';
}
/** 401: the token is missing, malformed, expired, or the credentials are wrong. */
export class UnauthorizedError extends ShopApiError {
  override name = 'UnauthorizedError';
}
/** 403: the token is valid but its role may not do this (catalog writes need `admin`). */
export class ForbiddenError extends ShopApiError {
  override name = 'ForbiddenError';
}
/** 404: no such resource, or it belongs to another account (the API does not tell them apart). */
export class NotFoundError extends ShopApiError {
  override name = 'NotFoundError';
}
/** 409: a business conflict such as `inventory.insufficient` or `order.not_cancellable`. */
export class ConflictError extends ShopApiError {
  override name = 'ConflictError';
}
/** 422: well-formed but unprocessable, e.g. `order.item_not_found` or `idempotency.key_reused`. */
export class UnprocessableEntityError extends ShopApiError {
  override name = 'UnprocessableEntityError';
}
/** 429: too many attempts; `retryAfterSeconds` says when to try again, if the server said. */
export class RateLimitedError extends ShopApiError {
  override name = 'RateLimitedError';
  /** Seconds from the `Retry-After` header, or `null` when absent or unreadable. */
  readonly retryAfterSeconds: number | null;
  constructor(problem: Problem, requestId: string | null, retryAfterSeconds: number | null) {
    super(problem, requestId);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
/** 5xx: the server failed; already retried for safe or keyed requests before this is thrown. */
export class InternalServerError extends ShopApiError {
  override name = 'InternalServerError';
}

/** The request never got a response: DNS, refused or reset connection, TLS… `cause` holds why. */
export class ShopConnectionError extends ShopError {
  override name = 'ShopConnectionError';
}

/**
 * An attempt took longer than `timeoutMs` (after any retries), or `orders.waitFor` ran out of
 * time; then `lastStatus` is the order status seen last.
 */
export class ShopTimeoutError extends ShopError {
  override name = 'ShopTimeoutError';
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;
  /** `orders.waitFor` only: the last order status seen before the time ran out. */
  readonly lastStatus: string | undefined;
  constructor(message: string, timeoutMs: number, lastStatus?: string) {
    super(message);
    this.timeoutMs = timeoutMs;
    this.lastStatus = lastStatus;
  }
}

/**
 * `orders.waitFor` saw the order reach a status from which none of the awaited ones can follow.
 * `order` is the order as last seen.
 */
export class ShopWaitError extends ShopError {
  override name = 'ShopWaitError';
  /** The order as last seen. */
  readonly order: Order;
  /** Its status, which can no longer lead to any awaited one. */
  readonly lastStatus: OrderStatus;
  constructor(order: Order, until: readonly OrderStatus[]) {
    super(
      `Order ${order.orderId} is ${order.status} and can no longer become ${until.join(' or ')}` +
        (order.failureReason ? ` (${order.failureReason})` : ''),
    );
    this.order = order;
    this.lastStatus = order.status;
  }
}

/**
 * Parses `Retry-After` (delta-seconds or an HTTP date) into seconds; `null` when absent or
 * unreadable.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds : null;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, (date - now) / 1000);
}

const isProblem = (body: unknown): body is Problem =>
  typeof body === 'object' &&
  body !== null &&
  typeof (body as Problem).code === 'string' &&
  typeof (body as Problem).status === 'number';

/**
 * Builds the typed error for an error response. `body` is what openapi-fetch parsed: a problem
 * object, other JSON, a string (non-JSON body) or `undefined` (empty body); all yield an error.
 * `detail` replaces the one said of a body that is not a problem.
 */
export function apiErrorFrom(response: Response, body: unknown, detail?: string): ShopApiError {
  const { status } = response;
  const problem: Problem = isProblem(body)
    ? body
    : {
        type: 'about:blank',
        title: response.statusText || `HTTP ${status}`,
        status,
        // A proxy's HTML page or plain text says more than nothing: its gist, kept short.
        detail:
          detail ??
          `${answered(response)} ${
            typeof body === 'string' && body.trim() !== ''
              ? `with ${gist(response, body)}.`
              : 'without a problem body.'
          }`,
        code: `http.${status}`,
      };
  const requestId =
    response.headers.get('x-request-id') ??
    (typeof problem.requestId === 'string' ? problem.requestId : null);
  if (status === 429) {
    return new RateLimitedError(
      problem,
      requestId,
      parseRetryAfter(response.headers.get('retry-after')),
    );
  }
  const ErrorClass = status >= 500 ? InternalServerError : (byStatus[status] ?? ShopApiError);
  return new ErrorClass(problem, requestId);
}

/**
 * Every success of the API but a 204 carries JSON (the event stream, `text/event-stream`, aside).
 * Anything else came from something other than the API: a web server or a single-page app at
 * the wrong `baseUrl`, a captive portal, a proxy; or the body was lost on the way.
 */
export function isApiSuccessBody(response: Response): boolean {
  return /[/+]json\b|^text\/event-stream\b/i.test(response.headers.get('content-type') ?? '');
}

/**
 * The error for a success status without the JSON the contract promises: `body` is its text
 * (`''` when there was none); `url` the request's, whose origin is named as the one that answered.
 */
export function unexpectedSuccessError(
  response: Response,
  body: string,
  url: string,
): ShopApiError {
  // `scheme://host` of an absolute URL: the first slash after the scheme's two.
  const origin = url.slice(0, url.indexOf('/', 8)) || 'baseUrl';
  return apiErrorFrom(
    response,
    undefined,
    `${answered(response)} with ${body.trim() ? gist(response, body) : 'no body'}, not the API's JSON. Is ${origin} the API's address?`,
  );
}

const answered = ({ status, statusText }: Response): string =>
  `The server answered ${status}${statusText ? ` ${statusText}` : ''}`;

/** `text` on one line, cut after `max` characters. */
const oneLine = (text: string, max: number): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
};

/**
 * What a body that is not a problem says, in a few words: an HTML page (a proxy's, a web
 * server's) by its title or first heading, as its markup and styles would drown any message;
 * other text quoted on one line, cut short.
 */
function gist(response: Response, body: string): string {
  if (!/html/i.test(response.headers.get('content-type') ?? '')) return `"${oneLine(body, 200)}"`;
  const name = oneLine(/<(?:title|h1)[^>]*>([^<]*)</i.exec(body)?.[1] ?? '', 120);
  return `an HTML page${name && `: "${name}"`}`;
}

const byStatus: Record<number, typeof ShopApiError> = {
  400: BadRequestError,
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
};
