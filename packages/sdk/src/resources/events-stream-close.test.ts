// The server closes every stream after `streamMaxMs` (10 minutes in production) so proxies
// recycle it; here after 150 ms, so a stream that follows several orders is resumed many times.
import { describe, expect, it } from 'vitest';
import type { ShopEvent } from '../webhooks/event.js';
import { newCustomer, stockedItem, useShop } from '../../test/server.js';

const env = useShop({ streamMaxMs: 150 });

describe('events.stream across server-side closes', () => {
  it('resumes with Last-Event-ID: no gap, no duplicate', async () => {
    const itemId = await stockedItem(env.admin, 10);
    const { shop, attempts } = await newCustomer(env.url);
    const controller = new AbortController();
    const seen: ShopEvent[] = [];
    const reading = (async () => {
      for await (const event of shop.events.stream({ after: 0, signal: controller.signal }))
        seen.push(event);
    })();

    // Orders spread over several stream lifetimes (each waits ~300 ms for its payment).
    for (let i = 0; i < 3; i++) {
      const order = await shop.orders.create({ items: [{ itemId, quantity: 1 }] });
      await shop.orders.waitFor(order.orderId, { until: ['PAID'] });
    }
    const logged = await shop.events.list().toArray({ limit: 100 });
    const deadline = Date.now() + 10_000;
    while (seen.length < logged.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    controller.abort();
    await reading;

    expect(seen).toEqual(logged);
    const streams = attempts.filter((a) => new URL(a.url).pathname === '/api/events/stream');
    expect(streams.length).toBeGreaterThan(2);
  });
});
