import { createHmac, randomBytes } from 'node:crypto';
import type { WebhookEndpointRecord } from '../../db/repositories/webhooks.js';

/** `whsec_` + base64 of 32 random bytes (Standard Webhooks' secret format). */
export const newSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

/** `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, keyed with the secret's bytes. */
function sign(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest();
  return `v1,${mac.toString('base64')}`;
}

/** The `webhook-signature` header: the current secret's, plus the old one's during a rotation. */
export function signatureHeader(
  endpoint: Pick<WebhookEndpointRecord, 'secret' | 'oldSecret' | 'oldSecretExpiresMs'>,
  id: string,
  timestampSeconds: number,
  body: string,
  nowMs: number,
): string {
  const secrets = [endpoint.secret];
  if (endpoint.oldSecret && (endpoint.oldSecretExpiresMs ?? 0) > nowMs)
    secrets.push(endpoint.oldSecret);
  return secrets.map((secret) => sign(secret, id, timestampSeconds, body)).join(' ');
}

/**
 * Fault injection's bad signature: every signature in the header with each byte inverted, so none
 * can verify (overwriting a character left one in 64 intact: the ones already holding it).
 */
export const breakSignatures = (header: string): string =>
  header
    .split(' ')
    .map((signature) => {
      const mac = Buffer.from(signature.replace(/^v1,/, ''), 'base64');
      return `v1,${Buffer.from(mac.map((byte) => ~byte & 0xff)).toString('base64')}`;
    })
    .join(' ');
