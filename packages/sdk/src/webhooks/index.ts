// The public surface of `@shop/sdk/webhooks`: verification of The-Mall's signed deliveries, apart
// from the main entry so that a receiver pays only for this, and the client for none of it.
export type { WebhookPayload } from './crypto.js';
export { WebhookVerificationError } from './error.js';
export type { WebhookVerificationReason } from './error.js';
export type {
  OrderEventType,
  PaymentEventType,
  ShopEvent,
  ShopEventEnvelope,
  ShopEventType,
} from './event.js';
export { signWebhook } from './sign.js';
export type { SignWebhookInput, WebhookHeaders } from './sign.js';
export { verifyWebhook, verifyWebhookRequest } from './verify.js';
export type { VerifyWebhookOptions, WebhookHeadersInput } from './verify.js';
