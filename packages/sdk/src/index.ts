// The public surface of @shop/sdk: nothing else is part of the API.
export { createShopClient, DEFAULT_BASE_URL } from './client.js';
export type { RequestOptions, ShopClient, ShopClientOptions } from './client.js';
export {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  InternalServerError,
  NotFoundError,
  RateLimitedError,
  ShopApiError,
  ShopConnectionError,
  ShopError,
  ShopTimeoutError,
  ShopWaitError,
  UnauthorizedError,
  UnprocessableEntityError,
} from './errors.js';
export type { ErrorInfo, FetchLike, ResponseInfo } from './fetch/retry.js';
export type { CursorList, CursorPage, Page, PagedList } from './pagination.js';
export type { AccountsResource } from './resources/accounts.js';
export type { AuthResource, LoginOptions } from './resources/auth.js';
export type {
  EventList,
  EventListOrder,
  EventListQuery,
  EventQuery,
  EventsResource,
  EventStreamOptions,
  EventTypePattern,
} from './resources/events.js';
export type { InventoryResource } from './resources/inventory.js';
export type { ItemListQuery, ItemsResource } from './resources/items.js';
export type { OrderListQuery, OrdersResource, WaitForOptions } from './resources/orders.js';
export type { PaymentListQuery, PaymentsResource } from './resources/payments.js';
export type {
  RecoverRequest,
  RotateSecretRequest,
  WebhookEndpointsResource,
} from './resources/webhook-endpoints.js';
export type { ShopEvent, ShopEventType } from './webhooks/event.js';
export type {
  Account,
  AccountCreate,
  AccountUpdate,
  Delivery,
  EventPage,
  InventoryFull,
  InventoryOperation,
  InventoryOperationRequest,
  InventoryQuick,
  Item,
  ItemCreate,
  ItemPage,
  ItemUpdate,
  LoginRequest,
  LoginResponse,
  Order,
  OrderCreate,
  OrderLine,
  OrderPage,
  OrderStatus,
  Payment,
  PaymentPage,
  PaymentStatus,
  Problem,
  ProblemFieldError,
  TokenValidation,
  WebhookEndpoint,
  WebhookEndpointCreate,
  WebhookEndpointUpdate,
  WebhookEndpointWithSecret,
} from './types.js';
export type { components, paths } from './generated/schema.js';
export { SDK_VERSION } from './version.js';
