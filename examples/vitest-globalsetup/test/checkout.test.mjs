import { createShopClient } from '@shop/sdk';
import { describe, expect, inject, it } from 'vitest';

const shop = createShopClient({ baseUrl: inject('shopApiUrl') });

describe('checkout', () => {
  it('orders an item as the demo customer and sees it paid', async () => {
    await shop.auth.login({ email: 'customer@shop.local', password: 'customer-password' });
    const [item] = await shop.items.list({ size: 1 }).toArray({ limit: 1 });
    const order = await shop.orders.create({ items: [{ itemId: item.itemId, quantity: 2 }] });
    const paid = await shop.orders.waitFor(order.orderId, {
      until: ['PAID', 'PAYMENT_FAILED'],
      timeoutMs: 10_000,
    });
    expect(paid.status).toBe('PAID');
    // State a mock would not keep: the paid order is in the customer's list.
    const mine = await shop.orders.list().toArray({ limit: 50 });
    expect(mine.map((o) => o.orderId)).toContain(order.orderId);
  });
});
