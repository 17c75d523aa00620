import type { RequestOptions, ResourceContext } from './context.js';
import type { paths } from '../generated/schema.js';
import { pagedList, type PagedList } from '../pagination.js';
import type { Input, Payment } from '../types.js';
import { unwrap } from './result.js';

/** Query of `payments.list`: an order filter, page size, and the page to start from. */
export type PaymentListQuery = Input<
  NonNullable<paths['/api/payments']['get']['parameters']['query']>
>;

/** Read, list and refund payments (your own; others' are `NotFoundError`). */
export interface PaymentsResource {
  /** One payment by id. */
  get(paymentId: string, options?: RequestOptions): Promise<Payment>;
  /** Your payments (optionally one order's), fetched page by page as you iterate. */
  list(query?: PaymentListQuery, options?: RequestOptions): PagedList<Payment>;
  /**
   * Refunds a successful payment; it comes back `REFUNDED` and its order turns `REFUNDED`
   * shortly after. Refunding a refunded payment returns it unchanged. An `Idempotency-Key` is
   * generated per call (or pass `idempotencyKey`) and reused on retries. `ConflictError`
   * (`payment.not_refundable`) for a pending or failed payment.
   */
  refund(paymentId: string, options?: RequestOptions): Promise<Payment>;
}

export function paymentsResource({ raw, init }: ResourceContext): PaymentsResource {
  return {
    async get(paymentId, options) {
      return unwrap(
        await raw.GET('/api/payments/{paymentId}', {
          params: { path: { paymentId } },
          ...init(options),
        }),
      );
    },
    list(query, options) {
      return pagedList(query, async (pageQuery) =>
        unwrap(await raw.GET('/api/payments', { params: { query: pageQuery }, ...init(options) })),
      );
    },
    async refund(paymentId, options) {
      return unwrap(
        await raw.POST('/api/payments/{paymentId}/refund', {
          params: { path: { paymentId } },
          ...init(options),
        }),
      );
    },
  };
}
