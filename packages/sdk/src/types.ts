import type { components } from './generated/schema.js';

type Schemas = components['schemas'];

/**
 * `T` as something a caller passes in: each optional property also takes `undefined`, so a
 * project compiled with `exactOptionalPropertyTypes` can hand on `{ size: options.size }`. An
 * `undefined` value is left out of the request, as a missing key is.
 */
export type Input<T> = T extends unknown
  ? { [K in keyof T]: object extends Pick<T, K> ? T[K] | undefined : T[K] }
  : never;

/** An account (never a password or its hash). */
export type Account = Schemas['Account'];
/** Body of `accounts.create`. */
export type AccountCreate = Schemas['AccountCreate'];
/** Body of `accounts.update`: any subset of the fields, at least one. */
export type AccountUpdate = Schemas['AccountUpdate'];
/** Body of `auth.login`. */
export type LoginRequest = Schemas['LoginRequest'];
/** A bearer token and when it expires. */
export type LoginResponse = Schemas['LoginResponse'];
/** What `auth.validate` says about the current token. */
export type TokenValidation = Schemas['TokenValidation'];
/** A catalog item. */
export type Item = Schemas['Item'];
/** Body of `items.create`. */
export type ItemCreate = Schemas['ItemCreate'];
/** Body of `items.update`: any subset of the fields, at least one. */
export type ItemUpdate = Schemas['ItemUpdate'];
/** One page of items. */
export type ItemPage = Schemas['ItemPage'];
/** Full inventory view: available and reserved units. */
export type InventoryFull = Schemas['InventoryFull'];
/** Quick inventory view: available units and whether the item is in stock. */
export type InventoryQuick = Schemas['InventoryQuick'];
/** The result of an inventory RESERVE or RELEASE. */
export type InventoryOperation = Schemas['InventoryOperation'];
/** Body of `inventory.applyOperation`. */
export type InventoryOperationRequest = Schemas['InventoryOperationRequest'];
/** An order with its lines. */
export type Order = Schemas['Order'];
/** Body of `orders.create`. */
export type OrderCreate = Schemas['OrderCreate'];
/** One line of an order, with the name and price copied at order time. */
export type OrderLine = Schemas['OrderLine'];
/** Where an order is in its life: PENDING → INVENTORY_RESERVED → PAID → REFUNDED, or a failure. */
export type OrderStatus = Schemas['OrderStatus'];
/** One page of orders. */
export type OrderPage = Schemas['OrderPage'];
/** A payment of an order. */
export type Payment = Schemas['Payment'];
/** Where a payment is in its life. */
export type PaymentStatus = Schemas['PaymentStatus'];
/** One page of payments. */
export type PaymentPage = Schemas['PaymentPage'];
/** An RFC 9457 problem body, as every error response carries. */
export type Problem = Schemas['Problem'];
/** One field-level complaint of a `validation.failed` problem. */
export type ProblemFieldError = Schemas['ProblemFieldError'];
/** A webhook endpoint: where events are delivered, and which ones. */
export type WebhookEndpoint = Schemas['WebhookEndpoint'];
/** An endpoint with its signing secret (the answer of `create` and `rotateSecret`). */
export type WebhookEndpointWithSecret = Schemas['WebhookEndpointWithSecret'];
/** The fields of a new webhook endpoint. */
export type WebhookEndpointCreate = Schemas['WebhookEndpointCreate'];
/** The fields of a webhook endpoint that `update` can change. */
export type WebhookEndpointUpdate = Schemas['WebhookEndpointUpdate'];
/** One delivery attempt of an event to an endpoint. */
export type Delivery = Schemas['Delivery'];
/** One page of events, oldest first, with the cursor of the next. */
export type EventPage = Schemas['EventPage'];
