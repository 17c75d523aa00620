import {
  fromBase64,
  importSecret,
  payloadBytes,
  signedContent,
  type WebhookPayload,
} from './crypto.js';
import { RAW_BODY_HINT, WebhookVerificationError } from './error.js';
import type { ShopEvent } from './event.js';

/** A fetch `Headers`, or a plain record such as Node's `req.headers` (any letter case). */
export type WebhookHeadersInput =
  Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

export interface VerifyWebhookOptions {
  /** How far `webhook-timestamp` may be from now, in either direction. Default 300. */
  toleranceSeconds?: number | undefined;
  /** The time to check against; the clock by default (set it in tests). */
  now?: Date | undefined;
}

const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * Verifies a Standard Webhooks delivery from The-Mall and returns its event: the signature over
 * the raw body (any `v1` one of a space-separated list, so a secret rotation verifies), and the
 * timestamp within `toleranceSeconds` of now in both directions (a replay, or a wrong clock).
 * Throws `WebhookVerificationError` with a `reason` for a refused delivery.
 */
export async function verifyWebhook(
  payload: WebhookPayload,
  headers: WebhookHeadersInput,
  secret: string,
  options: VerifyWebhookOptions = {},
): Promise<ShopEvent> {
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (!(tolerance >= 0 && Number.isFinite(tolerance))) {
    throw new TypeError(`toleranceSeconds must be a finite number >= 0 (got ${tolerance})`);
  }
  // Before any header: a parsed body is the classic mistake, and no header fixes it.
  const body = payloadBytes(payload);
  if (body === undefined) {
    throw new WebhookVerificationError(
      'bad_payload',
      `The payload is a ${payload === null ? 'null' : typeof payload}, not the body's text or bytes: ${RAW_BODY_HINT}.`,
    );
  }
  const id = singleHeader(headers, 'webhook-id');
  const timestamp = singleHeader(headers, 'webhook-timestamp');
  const signatureHeaders = headerValues(headers, 'webhook-signature');
  if (signatureHeaders.every((value) => value.trim() === ''))
    throw missingHeader('webhook-signature');
  const signatures = signatureHeaders
    .flatMap((value) => value.split(/\s+/))
    // `Headers` joins repeated headers with ", ": the comma is not part of a signature.
    .map((entry) => entry.replace(/,$/, ''))
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => entry.slice('v1,'.length));

  checkTimestamp(timestamp, tolerance, options.now ?? new Date());

  if (signatures.length === 0) {
    throw new WebhookVerificationError(
      'bad_signature',
      'webhook-signature holds no v1 signature: The-Mall signs with v1 (HMAC-SHA256).',
    );
  }
  const key = await importSecret(secret);
  const content = signedContent(id, timestamp, body);
  let matched = false;
  for (const signature of signatures) {
    const bytes = fromBase64(signature);
    // WebCrypto's HMAC verify compares in constant time (and rejects a wrong length).
    if (bytes !== undefined && (await crypto.subtle.verify('HMAC', key, bytes, content))) {
      matched = true;
      break;
    }
  }
  if (!matched) {
    throw new WebhookVerificationError(
      'bad_signature',
      `No webhook-signature matches this body with this secret. Check the secret (the endpoint's whsec_… value, or what \`shop listen --print-secret\` prints), and ${RAW_BODY_HINT}.`,
    );
  }
  return parseEvent(body);
}

/**
 * `verifyWebhook` for fetch-style handlers (Workers, Deno, Bun, Next.js route handlers): reads
 * the request's body once, as bytes, and verifies it with the request's headers.
 */
export async function verifyWebhookRequest(
  request: Request,
  secret: string,
  options?: VerifyWebhookOptions,
): Promise<ShopEvent> {
  if (request.bodyUsed) {
    throw new TypeError(
      'The request body was already read: call verifyWebhookRequest before anything reads it, or pass the raw bytes you read to verifyWebhook',
    );
  }
  return verifyWebhook(await request.arrayBuffer(), request.headers, secret, options);
}

function isHeaders(headers: WebhookHeadersInput): headers is Headers {
  // Duck-typed: a Headers from another fetch implementation (undici, a polyfill) counts too.
  return typeof (headers as Headers).get === 'function';
}

function headerValues(headers: WebhookHeadersInput, name: string): string[] {
  if (isHeaders(headers)) {
    const value = headers.get(name);
    return value === null ? [] : [value];
  }
  const values: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    values.push(...(typeof value === 'string' ? [value] : value));
  }
  return values;
}

function singleHeader(headers: WebhookHeadersInput, name: string): string {
  const values = [...new Set(headerValues(headers, name).map((value) => value.trim()))];
  const [value] = values;
  if (value === undefined || value === '') throw missingHeader(name);
  if (values.length > 1) {
    throw new WebhookVerificationError(
      'missing_header',
      `The ${name} header appears with different values (${values.join(', ')}): a delivery has one.`,
    );
  }
  return value;
}

function missingHeader(name: string): WebhookVerificationError {
  return new WebhookVerificationError(
    'missing_header',
    `The ${name} header is missing: a delivery from The-Mall carries webhook-id, webhook-timestamp and webhook-signature (pass the request's headers as they arrived).`,
  );
}

function checkTimestamp(timestamp: string, tolerance: number, now: Date): void {
  if (!/^\d{1,15}$/.test(timestamp)) {
    throw new WebhookVerificationError(
      'missing_header',
      `The webhook-timestamp header is not a unix time in seconds: "${timestamp}".`,
    );
  }
  const age = Math.floor(now.getTime() / 1000) - Number(timestamp);
  if (age > tolerance) {
    throw new WebhookVerificationError(
      'timestamp_too_old',
      `The delivery was signed ${age} s ago, more than the ${tolerance} s tolerance: a replay, or this machine's clock is wrong.`,
    );
  }
  if (-age > tolerance) {
    throw new WebhookVerificationError(
      'timestamp_in_future',
      `The delivery is dated ${-age} s in the future, more than the ${tolerance} s tolerance: this machine's clock is probably wrong.`,
    );
  }
}

function parseEvent(body: Uint8Array): ShopEvent {
  let event: unknown;
  try {
    event = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (error) {
    throw new WebhookVerificationError(
      'bad_payload',
      `The body is signed but is not UTF-8 JSON (${(error as Error).message}).`,
    );
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new WebhookVerificationError(
      'bad_payload',
      'The body is signed but is not a JSON object.',
    );
  }
  return event as ShopEvent;
}
