import {
  importSecret,
  payloadBytes,
  signedContent,
  toBase64,
  type WebhookPayload,
} from './crypto.js';

export interface SignWebhookInput {
  /** The delivery's `webhook-id` (for The-Mall, the event's id). */
  id: string;
  /** The exact body to send. */
  payload: WebhookPayload;
  /** `whsec_…`; several (a rotation) give one signature each, in order. */
  secret: string | readonly string[];
  /** When it was sent; now by default. Only whole seconds are signed. */
  timestamp?: Date | undefined;
}

/** The three Standard Webhooks headers of a delivery (a type, so it fits any headers record). */
export type WebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/**
 * Signs a payload the way The-Mall signs its deliveries, for tests of your own handler: send
 * `payload` with these headers and `verifyWebhook` (or any Standard Webhooks library) accepts it.
 */
export async function signWebhook(input: SignWebhookInput): Promise<WebhookHeaders> {
  const body = payloadBytes(input.payload);
  if (body === undefined) {
    throw new TypeError('signWebhook signs a body: pass a string, Uint8Array or ArrayBuffer');
  }
  const seconds = Math.floor((input.timestamp ?? new Date()).getTime() / 1000);
  if (!Number.isFinite(seconds))
    throw new TypeError('signWebhook: the timestamp is not a valid Date');
  const timestamp = String(seconds);
  const content = signedContent(input.id, timestamp, body);
  const secrets = typeof input.secret === 'string' ? [input.secret] : input.secret;
  const signatures = await Promise.all(
    secrets.map(async (secret) => {
      const mac = await crypto.subtle.sign('HMAC', await importSecret(secret), content);
      return `v1,${toBase64(new Uint8Array(mac))}`;
    }),
  );
  return {
    'webhook-id': input.id,
    'webhook-timestamp': timestamp,
    'webhook-signature': signatures.join(' '),
  };
}
