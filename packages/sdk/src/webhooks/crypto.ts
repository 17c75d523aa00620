// WebCrypto and base64 through web globals only (atob, btoa, TextEncoder, crypto.subtle), so the
// entry runs unchanged in Node, Deno, Bun, Workers and browsers.

/** What a payload may be: the raw body, as text or bytes (a Node Buffer is a Uint8Array). */
export type WebhookPayload = string | Uint8Array | ArrayBuffer;

const SECRET_PREFIX = 'whsec_';

/** `whsec_<base64>` or the bare base64, as the standardwebhooks library accepts. */
function secretBytes(secret: string): Uint8Array<ArrayBuffer> {
  if (typeof secret !== 'string') {
    throw new TypeError('The webhook secret must be a string: whsec_ followed by base64');
  }
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const bytes = encoded === '' ? undefined : fromBase64(encoded);
  if (bytes === undefined || bytes.length === 0) {
    throw new TypeError(
      "The webhook secret is not whsec_ followed by base64: copy it whole from the endpoint's creation (or rotation) response",
    );
  }
  return bytes;
}

export function importSecret(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'raw',
    secretBytes(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
}

/** Undefined when `text` is not base64 (a malformed signature simply does not match). */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The payload's bytes; undefined for anything that is not a raw body (a parsed object). */
export function payloadBytes(payload: unknown): Uint8Array | undefined {
  if (typeof payload === 'string') return new TextEncoder().encode(payload);
  // By tag as well: an ArrayBuffer from another realm (a vm context, an iframe) fails instanceof.
  if (
    payload instanceof ArrayBuffer ||
    Object.prototype.toString.call(payload) === '[object ArrayBuffer]'
  ) {
    return new Uint8Array(payload as ArrayBuffer);
  }
  if (ArrayBuffer.isView(payload)) {
    return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
  }
  return undefined;
}

/** What Standard Webhooks v1 signs: `{id}.{timestamp}.{body}`, the body byte for byte. */
export function signedContent(
  id: string,
  timestamp: string,
  body: Uint8Array,
): Uint8Array<ArrayBuffer> {
  const prefix = new TextEncoder().encode(`${id}.${timestamp}.`);
  const content = new Uint8Array(prefix.length + body.length);
  content.set(prefix);
  content.set(body, prefix.length);
  return content;
}
