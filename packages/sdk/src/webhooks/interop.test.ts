// Interoperability: our signatures verify with the npm libraries `standardwebhooks` and `svix`,
// theirs verify with ours, and the Standard Webhooks repository's test vectors pass.
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { describe, expect, it } from 'vitest';
import vectors from './standard-webhooks-vectors.json' with { type: 'json' };
import { signWebhook, verifyWebhook, WebhookVerificationError } from './index.js';

const SECRET = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';
const EVENT = { id: 'evt_42', type: 'ping', seq: 1, data: { object: {} } };
const BODY = JSON.stringify(EVENT);

const libraries = [
  ['standardwebhooks', (secret: string) => new StandardWebhook(secret)],
  ['svix', (secret: string) => new SvixWebhook(secret)],
] as const;

describe.each(libraries)('with %s', (_name, create) => {
  it('verifies our signatures', async () => {
    const headers = await signWebhook({ id: EVENT.id, payload: BODY, secret: SECRET });
    expect(create(SECRET).verify(BODY, { ...headers })).toEqual(EVENT);
  });

  it('verifies our rotation signatures with either secret', async () => {
    const other = 'whsec_' + btoa('another secret of 24 bytes!!');
    const headers = await signWebhook({ id: EVENT.id, payload: BODY, secret: [SECRET, other] });
    expect(create(SECRET).verify(BODY, { ...headers })).toEqual(EVENT);
    expect(create(other).verify(BODY, { ...headers })).toEqual(EVENT);
  });

  it('signs what we verify, and we refuse it tampered', async () => {
    const timestamp = new Date();
    const signature = create(SECRET).sign(EVENT.id, timestamp, BODY);
    const headers = {
      'webhook-id': EVENT.id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    };
    await expect(verifyWebhook(BODY, headers, SECRET)).resolves.toEqual(EVENT);
    await expect(verifyWebhook(new TextEncoder().encode(BODY), headers, SECRET)).resolves.toEqual(
      EVENT,
    );
    await expect(verifyWebhook(BODY.replace('42', '43'), headers, SECRET)).rejects.toThrow(
      WebhookVerificationError,
    );
  });
});

describe('Standard Webhooks test vectors', () => {
  const { sign } = vectors;

  it('signs the reference vector byte for byte', async () => {
    const headers = await signWebhook({
      id: sign.id,
      payload: sign.payload,
      secret: sign.secret,
      timestamp: new Date(sign.timestamp * 1000),
    });
    expect(headers['webhook-signature']).toBe(sign.signature);
    expect(headers['webhook-timestamp']).toBe(String(sign.timestamp));
  });

  it.each(vectors.verify)('$name → $expect', async (vector) => {
    const given = (value: string | null | undefined, fallback: string) =>
      value === null ? undefined : (value ?? fallback);
    const headers = {
      'webhook-id': given(vector.id, sign.id),
      'webhook-timestamp': given(vector.timestamp, String(sign.timestamp)),
      'webhook-signature': given(vector.signature, sign.signature),
    };
    const now = new Date((sign.timestamp + (vector.nowOffsetSeconds ?? 0)) * 1000);
    const outcome = await verifyWebhook(sign.payload, headers, vector.secret ?? sign.secret, {
      now,
    }).then(
      () => 'valid',
      (error: unknown) => (error instanceof WebhookVerificationError ? error.reason : error),
    );
    expect(outcome).toBe(vector.expect);
  });
});
