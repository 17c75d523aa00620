// Webhooks end to end, in one process: a reference server, the handler of handler.mjs on a port
// of its own, an endpoint registered with the SDK, an order placed, its deliveries checked.
//   npm install @shop/sdk @shop/server express
//   node run.mjs
import { once } from 'node:events';
import { createShopClient } from '@shop/sdk';
import { signWebhook } from '@shop/sdk/webhooks';
import { startServer } from '@shop/server';
import { app } from './handler.mjs';

// dev: the server delivers to loopback addresses (refused otherwise, against SSRF).
const api = await startServer({ port: 0, db: ':memory:', dev: true, paymentDelayMs: 20 });
const receiver = app.listen(0, '127.0.0.1');
try {
  await once(receiver, 'listening');
  const hookUrl = `http://127.0.0.1:${receiver.address().port}/webhooks`;

  // 1. Log in (the seeded demo customer) and register the handler for order events.
  const shop = createShopClient({ baseUrl: api.url, userAgent: 'example-webhook-handler/1.0' });
  await shop.auth.login({ email: 'customer@shop.local', password: 'customer-password' });
  const endpoint = await shop.webhookEndpoints.create({ url: hookUrl, events: ['order.*'] });
  process.env.SHOP_WEBHOOK_SECRET = endpoint.secret;
  console.log(`1. endpoint ${endpoint.endpointId} → ${hookUrl}`);

  // 2. Place an order for something in stock.
  let itemId;
  for await (const item of shop.items.list({ sortBy: 'itemName' })) {
    if ((await shop.inventory.getQuick(item.itemId)).inStock) {
      itemId = item.itemId;
      break;
    }
  }
  if (!itemId) throw new Error('nothing in stock');
  const order = await shop.orders.create({ items: [{ itemId, quantity: 1 }] });
  console.log(`2. order ${order.orderId} placed`);

  // 3. Wait until the server has recorded the handler's 204 for order.created and order.paid.
  const deadline = Date.now() + 15_000;
  for (;;) {
    const events = await shop.events.list({ orderId: order.orderId, types: ['order.*'] }).toArray({
      limit: 10,
    });
    const answered = [];
    for (const event of events) {
      const attempts = await shop.events.deliveries(event.id);
      if (attempts.some((a) => a.endpointId === endpoint.endpointId && a.statusCode === 204)) {
        answered.push(event.type);
      }
    }
    if (answered.join() === 'order.created,order.paid') {
      console.log(`3. the handler verified and answered 204 to ${answered.join(', ')}`);
      break;
    }
    if (Date.now() > deadline) throw new Error(`deliveries answered 204: ${answered}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  // 4. A delivery signed with another secret is refused (400) and never handled.
  const body = JSON.stringify({ type: 'order.paid', data: { object: order } });
  const headers = await signWebhook({
    id: 'evt_forged',
    payload: body,
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  });
  const forged = await fetch(hookUrl, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body,
  });
  if (forged.status !== 400) throw new Error(`a forged delivery got ${forged.status}`);
  console.log(`4. a forged delivery was refused: ${forged.status} ${await forged.text()}`);
} finally {
  receiver.close();
  await api.close();
}
