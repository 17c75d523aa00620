import type { components } from '../generated/schema.js';

type Schemas = components['schemas'];

export type OrderEventType =
  | 'order.created'
  | 'order.failed'
  | 'order.paid'
  | 'order.payment_failed'
  | 'order.cancelled'
  | 'order.refunded';

export type PaymentEventType =
  'payment.created' | 'payment.succeeded' | 'payment.failed' | 'payment.refunded';

export type ShopEventType =
  OrderEventType | PaymentEventType | 'webhook_endpoint.disabled' | 'ping';

export interface ShopEventEnvelope<TType extends ShopEventType, TObject> {
  id: string;
  type: TType;
  seq: number;
  createdAt: string;
  accountId: string;
  requestId: string | null;
  data: { object: TObject; previous?: Record<string, unknown> };
}

type EnvelopesOf<TTypes extends ShopEventType, TObject> = {
  [TType in TTypes]: ShopEventEnvelope<TType, TObject>;
}[TTypes];

export type ShopEvent =
  | EnvelopesOf<OrderEventType, Schemas['Order']>
  | EnvelopesOf<PaymentEventType, Schemas['Payment']>
  | EnvelopesOf<'webhook_endpoint.disabled' | 'ping', Record<string, unknown>>;
