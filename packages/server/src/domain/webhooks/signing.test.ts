import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { breakSignatures, newSecret, signatureHeader } from './signing.js';

const body = '{"type":"ping"}';

/** Headers as a receiver gets them, for an event id and a signature header. */
const headersOf = (id: string, timestamp: number, signature: string) => ({
  'webhook-id': id,
  'webhook-timestamp': String(timestamp),
  'webhook-signature': signature,
});

/** An event id whose signature header matches `wanted`: the search ends within a few hundred. */
function signedSo(
  endpoint: Parameters<typeof signatureHeader>[0],
  timestamp: number,
  wanted: (header: string) => boolean,
): { id: string; header: string } {
  for (let i = 0; ; i++) {
    const id = `evt_${i}`;
    const header = signatureHeader(endpoint, id, timestamp, body, timestamp * 1000);
    if (wanted(header)) return { id, header };
  }
}

describe('breaking signatures (fault injection)', () => {
  it('breaks a signature that already begins with "A" (one in 64 does)', () => {
    const endpoint = { secret: newSecret(), oldSecret: null, oldSecretExpiresMs: null };
    const timestamp = Math.floor(Date.now() / 1000);
    // An event whose real signature begins with "A": replacing the first character by "A"
    // left it valid.
    const { id, header } = signedSo(endpoint, timestamp, (h) => h.startsWith('v1,A'));
    const receiver = new Webhook(endpoint.secret);
    expect(receiver.verify(body, headersOf(id, timestamp, header))).toEqual({ type: 'ping' });
    expect(() => receiver.verify(body, headersOf(id, timestamp, breakSignatures(header)))).toThrow(
      'No matching signature found',
    );
  });

  it('breaks both signatures during a rotation', () => {
    const endpoint = {
      secret: newSecret(),
      oldSecret: newSecret(),
      oldSecretExpiresMs: Date.now() + 60_000,
    };
    const timestamp = Math.floor(Date.now() / 1000);
    // The old secret's signature (the second) begins with "A".
    const { id, header } = signedSo(endpoint, timestamp, (h) => h.includes(' v1,A'));
    const broken = breakSignatures(header);
    expect(broken.split(' ')).toHaveLength(2);
    for (const secret of [endpoint.secret, endpoint.oldSecret])
      expect(() => new Webhook(secret).verify(body, headersOf(id, timestamp, broken))).toThrow(
        'No matching signature found',
      );
  });
});
