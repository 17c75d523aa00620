import type { components, webhooks } from '../generated/schema.js';

/** Every event type of the contract (`EventType`). */
export type ShopEventType = components['schemas']['EventType'];

/** The order events' types, as the contract's `OrderEventBase` lists them. */
export type OrderEventType = components['schemas']['OrderEventBase']['type'];

/** The payment events' types, as the contract's `PaymentEventBase` lists them. */
export type PaymentEventType = components['schemas']['PaymentEventBase']['type'];

/** The body of the contract's `webhooks:` entry named `TType`: one event, narrowed to its type. */
type WebhookBody<TType extends ShopEventType> = webhooks[TType]['post'] extends {
  requestBody: { content: { 'application/json': infer TBody } };
}
  ? TBody
  : never;

/**
 * One event of the log, as a delivery, a list entry or a stream frame carries it: a union
 * discriminated by `type`, built from the contract's `webhooks:` entries so that a new event
 * type in the spec reaches it by `pnpm generate`.
 * @example if (event.type === 'order.paid') console.log(event.data.object.paymentId);
 */
export type ShopEvent = { [TType in ShopEventType]: WebhookBody<TType> }[ShopEventType];

/** The event of one type, e.g. `ShopEventEnvelope<'order.paid'>`. */
export type ShopEventEnvelope<TType extends ShopEventType = ShopEventType> = Extract<
  ShopEvent,
  { type: TType }
>;
