// A full checkout against The-Mall API with @shop/sdk (ESM).
//   npm install @shop/sdk
//   SHOP_API_URL=http://localhost:4010 node checkout.mjs
import { randomUUID } from 'node:crypto';
import { ConflictError, createShopClient, ShopApiError } from '@shop/sdk';

const shop = createShopClient({
  baseUrl: process.env.SHOP_API_URL ?? 'http://localhost:4010',
  userAgent: 'example-checkout/1.0',
});

// 1. Register a customer and log in: login() keeps the token on the client.
const email = `shopper-${randomUUID()}@example.com`;
const password = 'correct-horse-battery';
const account = await shop.accounts.create({ email, username: 'Example Shopper', password });
await shop.auth.login({ email, password });
console.log(`1. registered and logged in as ${account.email}`);

// 2. Browse the catalog: pages are fetched as the loop needs them. Keep two items in stock.
const cart = [];
for await (const item of shop.items.list({ sortBy: 'itemName', size: 5 })) {
  const stock = await shop.inventory.getQuick(item.itemId);
  if (stock.inStock) cart.push({ item, quantity: 1 });
  if (cart.length === 2) break;
}
if (cart.length === 0) throw new Error('nothing in stock');
console.log(
  `2. cart: ${cart.map(({ item }) => `${item.itemName} (${item.unitPrice})`).join(', ')}`,
);

// 3. Order with an idempotency key kept with the cart: sending the same order again (a retry
//    after a crash, a double click) returns the first order instead of placing a second one.
const idempotencyKey = randomUUID();
const orderBody = { items: cart.map(({ item, quantity }) => ({ itemId: item.itemId, quantity })) };
let order;
try {
  order = await shop.orders.create(orderBody, { idempotencyKey });
} catch (error) {
  if (error instanceof ConflictError && error.code === 'inventory.insufficient') {
    throw new Error(
      `out of stock: ${error.problem.itemId} has ${error.problem.availableUnits} left`,
    );
  }
  throw error;
}
const again = await shop.orders.create(orderBody, { idempotencyKey });
if (again.orderId !== order.orderId) throw new Error('the idempotency key did not hold');
console.log(
  `3. order ${order.orderId}: ${order.status}, total ${order.totalAmount} (resent once, still one order)`,
);

// 4. Payment happens asynchronously: wait until the order is paid (or the payment failed).
const paid = await shop.orders.waitFor(order.orderId, {
  until: ['PAID', 'PAYMENT_FAILED'],
  timeoutMs: 30_000,
  onStatus: (o) => console.log(`   … ${o.status}`),
});
if (paid.status !== 'PAID') throw new Error(`payment failed: ${paid.failureReason}`);
console.log(`4. paid with payment ${paid.paymentId}`);

// 5. Refund it; the order follows once the refund is processed.
const payment = await shop.payments.refund(paid.paymentId);
const refunded = await shop.orders.waitFor(order.orderId, {
  until: ['REFUNDED'],
  timeoutMs: 30_000,
});
console.log(`5. payment ${payment.status} at ${payment.refundedAt}; order ${refunded.status}`);

// 6. The final order.
try {
  const final = await shop.orders.get(order.orderId);
  console.log('6. final order:');
  console.log(JSON.stringify(final, null, 2));
} catch (error) {
  if (error instanceof ShopApiError) console.error(`${error.message} (request ${error.requestId})`);
  throw error;
}
