// Type tests: what handlers really hold fits the parameters as it comes.
import type { IncomingHttpHeaders } from 'node:http';
import { describe, expectTypeOf, it } from 'vitest';
import { signWebhook, verifyWebhook, verifyWebhookRequest, type ShopEvent } from './index.js';

declare const nodeHeaders: IncomingHttpHeaders;
declare const buffer: Buffer;
declare const request: Request;

describe('verifyWebhook parameters', () => {
  it("takes Node's headers and Buffer body, fetch's Request, and signWebhook's headers", async () => {
    expectTypeOf(verifyWebhook(buffer, nodeHeaders, 'whsec_x')).resolves.toEqualTypeOf<ShopEvent>();
    expectTypeOf(verifyWebhookRequest(request, 'whsec_x')).resolves.toEqualTypeOf<ShopEvent>();
    const signed = await signWebhook({ id: 'evt_1', payload: '{}', secret: 'whsec_x' });
    void verifyWebhook('{}', signed, 'whsec_x');
    void fetch('http://localhost/hook', { method: 'POST', headers: signed, body: '{}' });
  });

  it('rejects a parsed body and a timestamp that is not a Date', () => {
    // @ts-expect-error -- the raw body, not a parsed object
    void verifyWebhook({ id: 'evt_1' }, nodeHeaders, 'whsec_x');
    // @ts-expect-error -- a Date, so seconds and milliseconds cannot be confused
    void signWebhook({ id: 'evt_1', payload: '{}', secret: 'whsec_x', timestamp: 1614265330 });
  });
});
