// The one flow every runtime runs against the reference server, through the packed SDK. It takes
// the SDK's modules as arguments so that each runtime loads the SDK its own way (import, require,
// a bundle) and the flow stays one source.
import type * as ShopSdk from '@shop/sdk';
import type * as ShopWebhooks from '@shop/sdk/webhooks';

/** The packed SDK's entries, as the runtime loaded them. */
export interface FlowModules {
  sdk: typeof ShopSdk;
  webhooks: typeof ShopWebhooks;
}

export interface FlowOptions {
  /** The reference server, on another origin than the page in a browser. */
  baseUrl: string;
  /** A server that does not allow this origin (browsers only): its failure must name CORS. */
  blockedBaseUrl?: string | undefined;
}

/** The demo customer the reference server seeds. */
const CUSTOMER = { email: 'customer@shop.local', password: 'customer-password' };
/** Well-formed (24 hex digits) and never issued by the server. */
const MISSING_ITEM_ID = 'ffffffffffffffffffffffff';

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`flow check failed: ${message}`);
}

/** Runs the flow; resolves with what each step saw, throws at the first thing that is wrong. */
export async function runFlow(
  { sdk, webhooks }: FlowModules,
  options: FlowOptions,
): Promise<string[]> {
  const steps: string[] = [];
  steps.push(await verifyDelivery(webhooks));
  const statuses: number[] = [];
  const shop = sdk.createShopClient({
    baseUrl: options.baseUrl,
    timeoutMs: 10_000,
    onResponse: (info) => statuses.push(info.status),
  });

  const session = await shop.auth.login(CUSTOMER);
  check(session.token.length > 0, 'login returned a token');
  steps.push(`logged in as ${session.accountId}`);

  // Small pages, so iteration has to follow several of them.
  let count = 0;
  let inStock: ShopSdk.Item | undefined;
  for await (const item of shop.items.list({ size: 5 })) {
    count++;
    inStock ??= item;
  }
  check(count > 5 && inStock !== undefined, `iterated more than one page (saw ${count} items)`);
  steps.push(`iterated ${count} items`);

  // The second check is answered 304 from the SDK's ETag cache: only if ETag is readable.
  const before = statuses.length;
  const stock = await shop.inventory.getQuick(inStock.itemId);
  await shop.inventory.getQuick(inStock.itemId);
  check(stock.availableUnits > 0, `${inStock.itemId} is in stock`);
  check(
    statuses[before + 1] === 304,
    `second stock check revalidated (got ${statuses[before + 1]})`,
  );
  steps.push('stock read twice, the second time 304 via ETag');

  const order = await shop.orders.create({ items: [{ itemId: inStock.itemId, quantity: 1 }] });
  steps.push(await streamOrderEvents(shop, order.orderId));
  const paid = await shop.orders.waitFor(order.orderId, { until: ['PAID'], timeoutMs: 30_000 });
  check(paid.status === 'PAID', `order ${order.orderId} became PAID`);
  steps.push(`order ${order.orderId} PAID`);

  const missing = await shop.items.get(MISSING_ITEM_ID).then(
    () => undefined,
    (error: unknown) => error,
  );
  check(missing instanceof sdk.NotFoundError, `an unknown item is a NotFoundError (${missing})`);
  check(missing.status === 404 && missing.code !== '', 'the NotFoundError has status and code');
  check(missing.requestId !== null, 'the NotFoundError carries a request id');
  steps.push(`typed error: ${missing.name} ${missing.code}`);

  // X-Request-Id from the headers themselves (the problem body repeats it, so check a success).
  const { response } = await shop.raw.GET('/api/items/{itemId}', {
    params: { path: { itemId: inStock.itemId } },
  });
  check(response.headers.get('x-request-id'), 'X-Request-Id is readable on a response');
  steps.push('X-Request-Id readable');

  if (options.blockedBaseUrl !== undefined) {
    const blocked = sdk.createShopClient({ baseUrl: options.blockedBaseUrl, maxRetries: 0 });
    const failure = await blocked.items.get(inStock.itemId).then(
      () => undefined,
      (error: unknown) => error,
    );
    check(failure instanceof sdk.ShopConnectionError, `a CORS block fails to connect (${failure})`);
    check(failure.message.includes('CORS'), `its message names CORS: ${failure.message}`);
    steps.push('a disallowed origin is reported as a possible CORS block');
  }
  return steps;
}

/**
 * Reads the order's events from the event stream (fetch with a streamed body and an
 * Authorization header, read chunk by chunk) until it is paid, then aborts the stream.
 */
async function streamOrderEvents(shop: ShopSdk.ShopClient, orderId: string): Promise<string> {
  const controller = new AbortController();
  const guard = setTimeout(() => controller.abort(new Error('no order.paid within 30 s')), 30_000);
  const types: string[] = [];
  try {
    const stream = shop.events.stream({
      after: 0,
      orderId,
      types: ['order.*'],
      signal: controller.signal,
    });
    for await (const event of stream) {
      const about = 'orderId' in event.data.object ? event.data.object.orderId : undefined;
      check(about === orderId, `a streamed event is about ${orderId} (got ${about})`);
      types.push(event.type);
      if (event.type === 'order.paid') controller.abort();
    }
  } finally {
    clearTimeout(guard);
  }
  check(
    types.join(' ') === 'order.created order.paid',
    `the stream gave order.created then order.paid (got ${types.join(' ') || 'nothing'})`,
  );
  return `streamed ${types.join(', ')}, then aborted`;
}

/**
 * The Standard Webhooks reference vector (github.com/standard-webhooks/standard-webhooks, the
 * libraries' "sign function works" test): this runtime's WebCrypto must give the same signature.
 */
const REFERENCE = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  payload: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

/** A delivery as a Worker, Deno or a browser hands it over: the body as a Uint8Array. */
async function verifyDelivery(webhooks: typeof ShopWebhooks): Promise<string> {
  const encode = (text: string) => new TextEncoder().encode(text);
  const reference = await webhooks.verifyWebhook(
    encode(REFERENCE.payload),
    {
      'webhook-id': REFERENCE.id,
      'webhook-timestamp': String(REFERENCE.timestamp),
      'webhook-signature': REFERENCE.signature,
    },
    REFERENCE.secret,
    { now: new Date(REFERENCE.timestamp * 1000) },
  );
  check(
    JSON.stringify(reference) === JSON.stringify(JSON.parse(REFERENCE.payload)),
    'the Standard Webhooks reference delivery verifies from a Uint8Array',
  );

  const text = JSON.stringify({ id: 'evt_runtime', type: 'ping', data: { object: {} } });
  const body = encode(text);
  const headers = new Headers(
    await webhooks.signWebhook({ id: 'evt_runtime', payload: body, secret: REFERENCE.secret }),
  );
  const event = await webhooks.verifyWebhook(body, headers, REFERENCE.secret);
  check(event.type === 'ping' && event.id === 'evt_runtime', 'a fresh delivery verifies');

  const tampered = encode(text.replace('ping', 'pinG'));
  const refusal = await webhooks.verifyWebhook(tampered, headers, REFERENCE.secret).then(
    () => undefined,
    (error: unknown) => error,
  );
  check(
    refusal instanceof webhooks.WebhookVerificationError && refusal.reason === 'bad_signature',
    `a tampered body is refused as bad_signature (${refusal})`,
  );
  return 'webhook delivery verified from a Uint8Array body; a tampered body refused';
}
