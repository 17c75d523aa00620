import { beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../errors.js';
import { newCustomer, stockedItem, useShop } from '../../test/server.js';

const env = useShop();
let itemId: string;
beforeAll(async () => {
  itemId = await stockedItem(env.admin, 100, 19.99);
});

/** A customer with one order that has reached a final payment outcome. */
async function settledOrder(paymentMethod = 'pm_card_visa') {
  const customer = await newCustomer(env.url, { paymentMethod });
  const created = await customer.shop.orders.create({ items: [{ itemId, quantity: 1 }] });
  const order = await customer.shop.orders.waitFor(created.orderId);
  return { ...customer, order };
}

describe('payments', () => {
  it("lists and reads an order's payment", async () => {
    const { shop, order } = await settledOrder();
    const [payment, ...others] = await shop.payments
      .list({ orderId: order.orderId })
      .toArray({ limit: 5 });
    expect(others).toEqual([]);
    expect(payment).toMatchObject({
      paymentId: order.paymentId,
      orderId: order.orderId,
      amount: 19.99,
      status: 'SUCCESS',
    });
    expect(await shop.payments.get(order.paymentId ?? '')).toEqual(payment);
  });

  it('refunds a payment once; the order follows, and a second refund changes nothing', async () => {
    const { shop, order } = await settledOrder();
    const paymentId = order.paymentId ?? '';
    const refunded = await shop.payments.refund(paymentId);
    expect(refunded).toMatchObject({ paymentId, status: 'REFUNDED', amount: 19.99 });
    expect(refunded.refundedAt).not.toBeNull();
    expect((await shop.orders.waitFor(order.orderId, { until: ['REFUNDED'] })).status).toBe(
      'REFUNDED',
    );
    expect(await shop.payments.refund(paymentId)).toEqual(refunded);
  });

  it('throws ConflictError refunding a failed payment', async () => {
    const { shop, order } = await settledOrder('pm_card_declined');
    const [payment] = await shop.payments.list({ orderId: order.orderId }).toArray({ limit: 1 });
    expect(payment?.status).toBe('FAILED');
    const error = await shop.payments.refund(payment?.paymentId ?? '').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 'payment.not_refundable' });
  });

  it("answers NotFoundError for another customer's payment", async () => {
    const { order } = await settledOrder();
    const { shop: stranger } = await newCustomer(env.url);
    await expect(stranger.payments.get(order.paymentId ?? '')).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(stranger.payments.refund(order.paymentId ?? '')).rejects.toMatchObject({
      code: 'payment.not_found',
    });
  });
});
