/**
 * Every stable problem `code` of the contract, in one table read by the server (status and
 * title of the problem+json body) and the CLI (what a user can do about it). Published as
 * `@shop/sdk/problems` and kept out of the main entry, so a browser app does not pay for it.
 */
export interface ProblemCodeInfo {
  /** The one HTTP status of the code; absent when it varies (`fault.injected`). */
  readonly status?: number;
  /** RFC 9457 `title`: the same for every occurrence of the code. */
  readonly title: string;
  /** What a CLI user can do about it, when there is something to say. */
  readonly hint?: string;
}

const listCatalog = 'List the catalog with `shop items list`.';

export const problemCodes = {
  'validation.failed': { status: 400, title: 'Validation failed' },
  'request.malformed_json': { status: 400, title: 'Malformed JSON' },
  'request.malformed': { status: 400, title: 'Malformed request' },
  'auth.missing_token': { status: 401, title: 'Missing token' },
  'auth.invalid_token': { status: 401, title: 'Invalid token' },
  'auth.invalid_credentials': {
    status: 401,
    title: 'Invalid credentials',
    hint: 'Check them and run `shop login` again.',
  },
  'auth.forbidden': {
    status: 403,
    title: 'Forbidden',
    hint: 'Log in as an admin with `shop login` (or use --profile).',
  },
  'route.not_found': {
    status: 404,
    title: 'Route not found',
    hint: 'Check --api-url: does it point at The-Mall API?',
  },
  'account.not_found': {
    status: 404,
    title: 'Account not found',
    hint: 'See your own account with `shop accounts get`.',
  },
  'item.not_found': { status: 404, title: 'Item not found', hint: listCatalog },
  'inventory.not_found': { status: 404, title: 'Inventory not found', hint: listCatalog },
  'order.not_found': {
    status: 404,
    title: 'Order not found',
    hint: 'List your orders with `shop orders list`.',
  },
  'webhook_endpoint.not_found': {
    status: 404,
    title: 'Webhook endpoint not found',
    hint: 'List your endpoints with `shop webhooks list`.',
  },
  'event.not_found': {
    status: 404,
    title: 'Event not found',
    hint: 'List your events with `shop events list`.',
  },
  'payment.not_found': {
    status: 404,
    title: 'Payment not found',
    hint: "List an order's payments with `shop payments list --order <orderId>`.",
  },
  'method.not_allowed': { status: 405, title: 'Method not allowed' },
  'account.email_taken': {
    status: 409,
    title: 'Email already registered',
    hint: 'Log in instead: `shop login --email <email>`.',
  },
  'item.upc_taken': {
    status: 409,
    title: 'UPC already in use',
    hint: 'Find that item with `shop items get --upc <upc>`.',
  },
  // The CLI words this one's hint from the problem's extensions (the units available).
  'inventory.insufficient': { status: 409, title: 'Insufficient inventory' },
  'inventory.release_exceeds_reserved': { status: 409, title: 'Release exceeds reserved units' },
  'inventory.above_maximum': { status: 409, title: 'Stock above the maximum' },
  'order.not_cancellable': {
    status: 409,
    title: 'Order cannot be cancelled',
    hint: 'See its status with `shop orders get <orderId>`.',
  },
  'payment.not_refundable': {
    status: 409,
    title: 'Payment cannot be refunded',
    hint: 'Only a succeeded payment can be refunded; see `shop payments get <paymentId>`.',
  },
  'webhook_endpoint.limit_reached': {
    status: 409,
    title: 'Too many webhook endpoints',
    hint: 'Remove one with `shop webhooks delete <endpointId>`, or point one elsewhere with `shop webhooks update`.',
  },
  'events.cursor_expired': {
    status: 410,
    title: 'Event cursor expired',
    hint: 'Events are kept 30 days; start again from the oldest kept event (no cursor: drop --after).',
  },
  'idempotency.in_flight': {
    status: 409,
    title: 'Request in progress',
    hint: 'Wait a moment, then retry with the same --idempotency-key.',
  },
  'request.too_large': { status: 413, title: 'Request too large' },
  'request.unsupported_media_type': { status: 415, title: 'Unsupported media type' },
  'request.headers_too_large': { status: 431, title: 'Request headers too large' },
  'idempotency.key_reused': {
    status: 422,
    title: 'Idempotency key reused',
    hint: 'A different order needs a new --idempotency-key.',
  },
  'inventory.operation_conflict': { status: 422, title: 'Inventory operation conflict' },
  'order.item_not_found': { status: 422, title: 'Ordered item not found', hint: listCatalog },
  'webhook_endpoint.url_refused': {
    status: 422,
    title: 'Webhook URL refused',
    hint: 'Use a public http(s) URL, or start the server with --dev for local receivers.',
  },
  'order.duplicate_item': { status: 422, title: 'Duplicate order line' },
  'auth.too_many_attempts': { status: 429, title: 'Too many attempts' },
  // A test server started with --faults answers with the status it was told to (500, 503 …).
  'fault.injected': { title: 'Injected fault' },
  internal: { status: 500, title: 'Internal server error' },
} as const satisfies Readonly<Record<string, ProblemCodeInfo>>;

export type ProblemCode = keyof typeof problemCodes;

/** The table's entry for `code`, or undefined for a code the contract does not name. */
export function problemCodeInfo(code: string): ProblemCodeInfo | undefined {
  return Object.hasOwn(problemCodes, code) ? problemCodes[code as ProblemCode] : undefined;
}
