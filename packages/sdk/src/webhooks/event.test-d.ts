// Type tests for ShopEvent: narrowing by `type` reaches the object's own fields.
import { describe, expectTypeOf, it } from 'vitest';
import type { components } from '../generated/schema.js';
import type { Order, Payment } from '../index.js';
import type { ShopEvent } from './index.js';

declare const event: ShopEvent;

describe('ShopEvent', () => {
  it('narrows data.object by type', () => {
    if (event.type === 'order.paid') {
      expectTypeOf(event.data.object).toEqualTypeOf<Order>();
      expectTypeOf(event.data.object.paymentId).toEqualTypeOf<string | null>();
      expectTypeOf(event.data.previous).toEqualTypeOf<Record<string, unknown> | undefined>();
    }
    if (event.type === 'payment.failed') {
      expectTypeOf(event.data.object).toEqualTypeOf<Payment>();
      expectTypeOf(event.data.object.failureReason).toEqualTypeOf<string | null>();
    }
    if (event.type === 'ping' || event.type === 'webhook_endpoint.disabled') {
      expectTypeOf(event.data.object).toEqualTypeOf<components['schemas']['WebhookEndpoint']>();
    }
  });

  it('rejects a wrong narrowing', () => {
    if (event.type === 'payment.succeeded') {
      // @ts-expect-error -- a payment has no order lines
      void event.data.object.items;
    }
    if (event.type === 'order.created') {
      // @ts-expect-error -- an order has no refundedAt
      void event.data.object.refundedAt;
    }
    // @ts-expect-error -- not an event type of the contract
    if (event.type === 'order.shipped') return;
    // @ts-expect-error -- without narrowing, the object may be a payment
    void event.data.object.items;
  });
});
