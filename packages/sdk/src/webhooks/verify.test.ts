import { describe, expect, it } from 'vitest';
import {
  signWebhook,
  verifyWebhook,
  verifyWebhookRequest,
  WebhookVerificationError,
  type WebhookHeaders,
  type WebhookVerificationReason,
} from './index.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const OTHER_SECRET = 'whsec_dGhlLW90aGVyLXNlY3JldC1vZi0zMi1ieXRlcyE=';
const SENT_AT = new Date('2026-03-01T12:00:00Z');
const EVENT = {
  id: 'evt_1',
  type: 'order.paid',
  seq: 7,
  createdAt: SENT_AT.toISOString(),
  accountId: 'acc_1',
  requestId: null,
  data: { object: { orderId: 'o1', paymentId: 'p1', status: 'PAID' } },
};
const BODY = JSON.stringify(EVENT);
const at = (seconds: number) => new Date(SENT_AT.getTime() + seconds * 1000);

async function delivery(overrides: { secret?: string | string[]; timestamp?: Date } = {}) {
  return signWebhook({
    id: EVENT.id,
    payload: BODY,
    secret: overrides.secret ?? SECRET,
    timestamp: overrides.timestamp ?? SENT_AT,
  });
}

async function refusal(promise: Promise<unknown>): Promise<WebhookVerificationError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return error as WebhookVerificationError;
}

async function expectReason(promise: Promise<unknown>, reason: WebhookVerificationReason) {
  expect((await refusal(promise)).reason).toBe(reason);
}

describe('verifyWebhook', () => {
  it('returns the event of a genuine delivery', async () => {
    const headers = await delivery();
    expect(headers['webhook-id']).toBe('evt_1');
    expect(headers['webhook-timestamp']).toBe(String(SENT_AT.getTime() / 1000));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    await expect(verifyWebhook(BODY, headers, SECRET, { now: SENT_AT })).resolves.toEqual(EVENT);
  });

  it('takes the body as a string, Uint8Array, ArrayBuffer or Node Buffer', async () => {
    const headers = await delivery();
    const bytes = new TextEncoder().encode(BODY);
    // A view into a larger buffer: only its own bytes are the body.
    const framed = new Uint8Array(bytes.length + 8);
    framed.set(bytes, 4);
    const bodies = [
      bytes,
      bytes.buffer,
      framed.subarray(4, 4 + bytes.length),
      Buffer.from(BODY),
      new DataView(bytes.buffer),
    ];
    for (const body of bodies) {
      await expect(
        verifyWebhook(body as Uint8Array, headers, SECRET, { now: SENT_AT }),
      ).resolves.toEqual(EVENT);
    }
  });

  it('signs the bytes, not a decoding of them', async () => {
    const body = new TextEncoder().encode('{"note":"caf\u00e9 \ud83d\uded2"}');
    const headers = await signWebhook({
      id: 'evt_2',
      payload: body,
      secret: SECRET,
      timestamp: SENT_AT,
    });
    await expect(verifyWebhook(body, headers, SECRET, { now: SENT_AT })).resolves.toEqual({
      note: 'caf\u00e9 \ud83d\uded2',
    });
  });

  it('reads Headers and records in any letter case, with array values', async () => {
    const signed = await delivery();
    const options = { now: SENT_AT };
    await expect(verifyWebhook(BODY, new Headers({ ...signed }), SECRET, options)).resolves.toEqual(
      EVENT,
    );
    const mixedCase = {
      'Webhook-Id': signed['webhook-id'],
      'WEBHOOK-TIMESTAMP': [signed['webhook-timestamp']],
      'webhook-signature': ['v1,bm90LXRoaXMtb25l', signed['webhook-signature']],
      'content-type': undefined,
    };
    await expect(verifyWebhook(BODY, mixedCase, SECRET, options)).resolves.toEqual(EVENT);
    // Headers joins a repeated header with ", ".
    const repeated = new Headers({ ...signed });
    repeated.set('webhook-signature', 'v1,bm90LXRoaXMtb25l');
    repeated.append('webhook-signature', signed['webhook-signature']);
    await expect(verifyWebhook(BODY, repeated, SECRET, options)).resolves.toEqual(EVENT);
  });

  it('refuses a different value of the same header', async () => {
    const signed = await delivery();
    const headers = { ...signed, 'webhook-id': ['evt_1', 'evt_2'] };
    await expectReason(verifyWebhook(BODY, headers, SECRET, { now: SENT_AT }), 'missing_header');
  });

  it('refuses a tampered body, id, timestamp or secret', async () => {
    const signed = await delivery();
    const now = { now: SENT_AT };
    await expectReason(
      verifyWebhook(BODY.replace('o1', 'o2'), signed, SECRET, now),
      'bad_signature',
    );
    await expectReason(verifyWebhook(`${BODY} `, signed, SECRET, now), 'bad_signature');
    await expectReason(
      verifyWebhook(BODY, { ...signed, 'webhook-id': 'evt_2' }, SECRET, now),
      'bad_signature',
    );
    const later = String(Number(signed['webhook-timestamp']) + 1);
    await expectReason(
      verifyWebhook(BODY, { ...signed, 'webhook-timestamp': later }, SECRET, now),
      'bad_signature',
    );
    await expectReason(verifyWebhook(BODY, signed, OTHER_SECRET, now), 'bad_signature');
  });

  it('names the raw-body pitfall when the signature does not match', async () => {
    const signed = await delivery();
    const reserialised = JSON.stringify(JSON.parse(BODY), null, 2);
    const error = await refusal(verifyWebhook(reserialised, signed, SECRET, { now: SENT_AT }));
    expect(error.name).toBe('WebhookVerificationError');
    expect(error.message).toContain('raw request body');
    expect(error.message).toContain("express.raw({ type: 'application/json' })");
  });

  it('refuses a parsed body before anything else, naming express.raw', async () => {
    const error = await refusal(verifyWebhook(EVENT as never, {}, SECRET));
    expect(error.reason).toBe('bad_payload');
    expect(error.message).toContain('express.raw');
  });

  it('checks the timestamp in both directions', async () => {
    const signed = await delivery();
    const verifyAt = (seconds: number) => verifyWebhook(BODY, signed, SECRET, { now: at(seconds) });
    await expect(verifyAt(300)).resolves.toEqual(EVENT);
    await expect(verifyAt(-300)).resolves.toEqual(EVENT);
    await expectReason(verifyAt(301), 'timestamp_too_old');
    await expectReason(verifyAt(-301), 'timestamp_in_future');
  });

  it('checks a delivery signed 301 s ago or ahead against the clock by default', async () => {
    const old = await delivery({ timestamp: new Date(Date.now() - 301_000) });
    await expectReason(verifyWebhook(BODY, old, SECRET), 'timestamp_too_old');
    const ahead = await delivery({ timestamp: new Date(Date.now() + 301_000) });
    await expectReason(verifyWebhook(BODY, ahead, SECRET), 'timestamp_in_future');
    const fresh = await delivery({ timestamp: new Date() });
    await expect(verifyWebhook(BODY, fresh, SECRET)).resolves.toEqual(EVENT);
  });

  it('takes another tolerance', async () => {
    const signed = await delivery();
    const options = (seconds: number) => ({ now: at(seconds), toleranceSeconds: 10 });
    await expect(verifyWebhook(BODY, signed, SECRET, options(10))).resolves.toEqual(EVENT);
    await expectReason(verifyWebhook(BODY, signed, SECRET, options(11)), 'timestamp_too_old');
    await expect(verifyWebhook(BODY, signed, SECRET, { toleranceSeconds: -1 })).rejects.toThrow(
      TypeError,
    );
  });

  it('accepts any v1 signature of a rotation, and only v1 ones', async () => {
    const rotated = await delivery({ secret: [OTHER_SECRET, SECRET] });
    expect(rotated['webhook-signature'].split(' ')).toHaveLength(2);
    await expect(verifyWebhook(BODY, rotated, SECRET, { now: SENT_AT })).resolves.toEqual(EVENT);
    await expect(verifyWebhook(BODY, rotated, OTHER_SECRET, { now: SENT_AT })).resolves.toEqual(
      EVENT,
    );
    const signed = await delivery();
    const otherVersion = signed['webhook-signature'].replace(/^v1,/, 'v1a,');
    await expectReason(
      verifyWebhook(BODY, { ...signed, 'webhook-signature': otherVersion }, SECRET, {
        now: SENT_AT,
      }),
      'bad_signature',
    );
  });

  it('names a missing or malformed header', async () => {
    const signed = await delivery();
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const) {
      const headers: Partial<WebhookHeaders> = { ...signed };
      delete headers[name];
      const error = await refusal(verifyWebhook(BODY, headers, SECRET, { now: SENT_AT }));
      expect(error.reason).toBe('missing_header');
      expect(error.message).toContain(name);
    }
    for (const timestamp of ['1614265330.5', '-5', 'soon']) {
      await expectReason(
        verifyWebhook(BODY, { ...signed, 'webhook-timestamp': timestamp }, SECRET),
        'missing_header',
      );
    }
  });

  it('refuses a signed body that is not a JSON object', async () => {
    for (const body of ['not json', '[1,2]', 'null', new Uint8Array([0x7b, 0xff, 0x7d])]) {
      const headers = await signWebhook({
        id: 'evt_3',
        payload: body,
        secret: SECRET,
        timestamp: SENT_AT,
      });
      await expectReason(verifyWebhook(body, headers, SECRET, { now: SENT_AT }), 'bad_payload');
    }
  });

  it('takes the secret with or without whsec_, and refuses one that is not base64', async () => {
    const signed = await delivery();
    const bare = SECRET.slice('whsec_'.length);
    await expect(verifyWebhook(BODY, signed, bare, { now: SENT_AT })).resolves.toEqual(EVENT);
    for (const secret of ['', 'whsec_', 'whsec_not base64!']) {
      await expect(verifyWebhook(BODY, signed, secret, { now: SENT_AT })).rejects.toThrow(
        /not whsec_ followed by base64/,
      );
    }
  });
});

describe('verifyWebhookRequest', () => {
  const request = (headers: WebhookHeaders, body: BodyInit = BODY) =>
    new Request('https://example.test/hooks', { method: 'POST', headers: { ...headers }, body });

  it('verifies a fetch Request by its bytes', async () => {
    const signed = await delivery();
    await expect(verifyWebhookRequest(request(signed), SECRET, { now: SENT_AT })).resolves.toEqual(
      EVENT,
    );
    await expectReason(
      verifyWebhookRequest(request(signed, `${BODY}\n`), SECRET, { now: SENT_AT }),
      'bad_signature',
    );
  });

  it('says so when something read the body first', async () => {
    const consumed = request(await delivery());
    await consumed.text();
    await expect(verifyWebhookRequest(consumed, SECRET)).rejects.toThrow(/already read/);
  });
});
