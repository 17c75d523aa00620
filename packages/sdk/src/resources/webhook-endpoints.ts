import type { RequestOptions, ResourceContext } from './context.js';
import type { components } from '../generated/schema.js';
import type {
  Input,
  WebhookEndpoint,
  WebhookEndpointCreate,
  WebhookEndpointUpdate,
  WebhookEndpointWithSecret,
} from '../types.js';
import type { ShopEvent } from '../webhooks/event.js';
import { unwrap } from './result.js';

/** Where `recover` starts and ends, as ISO timestamps. */
export type RecoverRequest = components['schemas']['RecoverRequest'];
/** Options of `rotateSecret`: how long the old secret keeps signing too. */
export type RotateSecretRequest = components['schemas']['RotateSecretRequest'];

/** Your webhook endpoints: where The-Mall delivers signed events (verify them with `@shop/sdk/webhooks`). */
export interface WebhookEndpointsResource {
  /** Adds an endpoint; the answer holds its signing `secret`, shown only here and by `rotateSecret`. */
  create(
    body: Input<WebhookEndpointCreate>,
    options?: RequestOptions,
  ): Promise<WebhookEndpointWithSecret>;
  /** Your endpoints, oldest first (at most 16, so one call returns them all). */
  list(options?: RequestOptions): Promise<WebhookEndpoint[]>;
  /** One endpoint; `NotFoundError` (`webhook_endpoint.not_found`) when there is none. */
  get(endpointId: string, options?: RequestOptions): Promise<WebhookEndpoint>;
  /** Changes an endpoint's URL, events, description or status (`enabled`/`disabled`). */
  update(
    endpointId: string,
    body: Input<WebhookEndpointUpdate>,
    options?: RequestOptions,
  ): Promise<WebhookEndpoint>;
  /** Removes an endpoint; deliveries still queued for it are dropped. */
  delete(endpointId: string, options?: RequestOptions): Promise<void>;
  /** A new signing secret; the old one keeps signing alongside for `expireOldAfterSeconds`. */
  rotateSecret(
    endpointId: string,
    body?: Input<RotateSecretRequest>,
    options?: RequestOptions,
  ): Promise<WebhookEndpointWithSecret>;
  /** Sends the endpoint a `ping` event and returns it (delivered asynchronously). */
  test(endpointId: string, options?: RequestOptions): Promise<ShopEvent>;
  /** Queues again the endpoint's failed deliveries in a time window; returns how many. */
  recover(
    endpointId: string,
    body: Input<RecoverRequest>,
    options?: RequestOptions,
  ): Promise<number>;
}

export function webhookEndpointsResource({ raw, init }: ResourceContext): WebhookEndpointsResource {
  const path = (endpointId: string) => ({ params: { path: { endpointId } } });
  return {
    async create(body, options) {
      return unwrap(await raw.POST('/api/webhook-endpoints', { body, ...init(options) }));
    },
    async list(options) {
      return unwrap(await raw.GET('/api/webhook-endpoints', init(options))).data;
    },
    async get(endpointId, options) {
      return unwrap(
        await raw.GET('/api/webhook-endpoints/{endpointId}', {
          ...path(endpointId),
          ...init(options),
        }),
      );
    },
    async update(endpointId, body, options) {
      return unwrap(
        await raw.PATCH('/api/webhook-endpoints/{endpointId}', {
          ...path(endpointId),
          body,
          ...init(options),
        }),
      );
    },
    async delete(endpointId, options) {
      unwrap(
        await raw.DELETE('/api/webhook-endpoints/{endpointId}', {
          ...path(endpointId),
          ...init(options),
        }),
      );
    },
    async rotateSecret(endpointId, body = {}, options) {
      return unwrap(
        await raw.POST('/api/webhook-endpoints/{endpointId}/rotate-secret', {
          ...path(endpointId),
          body,
          ...init(options),
        }),
      );
    },
    async test(endpointId, options) {
      return unwrap(
        await raw.POST('/api/webhook-endpoints/{endpointId}/test', {
          ...path(endpointId),
          ...init(options),
        }),
      ) as ShopEvent;
    },
    async recover(endpointId, body, options) {
      return unwrap(
        await raw.POST('/api/webhook-endpoints/{endpointId}/recover', {
          ...path(endpointId),
          body,
          ...init(options),
        }),
      ).requeued;
    },
  };
}
