// What a consumer compiled with `exactOptionalPropertyTypes` writes: options passed on from
// values that may be undefined (an environment variable, an optional parameter, `list[0]?.x`).
// Type-checked by strict-consumer.test.ts; never run.
import { createShopClient, type RequestOptions } from '../../src/index.js';
import { signWebhook, verifyWebhook } from '../../src/webhooks/index.js';

declare const maybeString: string | undefined;
declare const maybeNumber: number | undefined;
declare const maybeSignal: AbortSignal | undefined;
declare const maybeDate: Date | undefined;

const shop = createShopClient({
  baseUrl: process.env['SHOP_API_URL'],
  token: process.env['SHOP_TOKEN'],
  services: { accounts: maybeString, items: maybeString },
  timeoutMs: maybeNumber,
  maxRetries: maybeNumber,
  userAgent: maybeString,
});

export async function consumer(options: { signal?: AbortSignal; timeoutMs?: number }) {
  const call: RequestOptions = {
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    maxRetries: maybeNumber,
    idempotencyKey: maybeString,
  };
  await shop.auth.login({ email: 'e', password: 'p' }, { signal: maybeSignal });
  await shop.orders.waitFor('o', { timeoutMs: options.timeoutMs, signal: options.signal });
  shop.items.list({ size: maybeNumber, page: maybeNumber }, call);
  shop.orders.list({ size: maybeNumber });
  shop.payments.list({ orderId: maybeString });
  // The README's "where to start following the log".
  const [newest] = await shop.events.list({ order: 'desc', limit: 1 }).toArray({ limit: 1 });
  shop.events.stream({ after: newest?.seq, orderId: maybeString, signal: maybeSignal });
  shop.events.list({ after: maybeNumber, before: maybeNumber, limit: maybeNumber });
  await shop.events.resend('e', { endpointId: maybeString });
  // Bodies: an optional field handed on as it is.
  await shop.accounts.create({
    email: 'e',
    username: 'u',
    password: 'p',
    paymentMethod: maybeString,
  });
  await shop.accounts.update('a', { shippingAddress: maybeString });
  await shop.items.update('i', { itemName: maybeString });
  await shop.webhookEndpoints.create({ url: 'u', events: ['order.*'], description: maybeString });
  await shop.webhookEndpoints.update('w', { description: maybeString });
  await shop.webhookEndpoints.rotateSecret('w', { expireOldAfterSeconds: maybeNumber });
  await shop.webhookEndpoints.recover('w', { since: 's', until: maybeString });
  await verifyWebhook('{}', {}, 'whsec_x', { toleranceSeconds: maybeNumber, now: maybeDate });
  await signWebhook({ id: 'evt', payload: '{}', secret: 'whsec_x', timestamp: maybeDate });
}
