import { describe, expect, it } from 'vitest';
import { NotFoundError, ShopTimeoutError } from '../errors.js';
import type { FetchLike } from '../fetch/retry.js';
import type { ShopClient } from '../client.js';
import type { ShopEvent } from '../webhooks/event.js';
import { newCustomer, noWait, stockedItem, useShop } from '../../test/server.js';

const env = useShop();

/** Places an order of one unit and waits until it is paid; returns its id. */
async function paidOrder(shop: ShopClient, itemId: string): Promise<string> {
  const order = await shop.orders.create({ items: [{ itemId, quantity: 1 }] });
  await shop.orders.waitFor(order.orderId, { until: ['PAID'] });
  return order.orderId;
}

/** Reads `stream` until `count` events came, then stops it. */
async function take(stream: AsyncIterable<ShopEvent>, count: number): Promise<ShopEvent[]> {
  const seen: ShopEvent[] = [];
  if (count === 0) return seen;
  for await (const event of stream) {
    seen.push(event);
    if (seen.length >= count) break;
  }
  return seen;
}

const seqs = (events: readonly ShopEvent[]) => events.map((e) => e.seq);

/**
 * A fetch whose first stream connection dies (a `terminated` error, as undici reports a reset)
 * right after the first frame with an `id:` line. `cut()` is the text it let through, `streams()`
 * how many stream requests were made.
 */
function droppingFirstStream(): { fetch: FetchLike; cut: () => string; streams: () => number } {
  let streams = 0;
  let cut = '';
  const fetch: FetchLike = async (url, init) => {
    const response = await globalThis.fetch(url, init);
    if (new URL(url).pathname !== '/api/events/stream' || streams++ > 0) return response;
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const frameEnd = text.indexOf('\n\n', text.indexOf('id:'));
        if (text.includes('id:') && frameEnd >= 0) {
          cut = text.slice(0, frameEnd + 2);
          controller.enqueue(new TextEncoder().encode(cut));
          controller.error(new TypeError('terminated'));
          void reader.cancel();
          return;
        }
        const chunk = await reader.read();
        if (chunk.done) return controller.close();
        text += decoder.decode(chunk.value, { stream: true });
      },
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
  return { fetch, cut: () => cut, streams: () => streams };
}

describe('events', () => {
  it('lists page by page following nextCursor, filtered by type and order', async () => {
    const itemId = await stockedItem(env.admin, 5);
    const { shop, attempts } = await newCustomer(env.url);
    const first = await paidOrder(shop, itemId);
    await paidOrder(shop, itemId);

    const all = await shop.events.list({ limit: 100 }).toArray({ limit: 100 });
    expect(all.length).toBeGreaterThanOrEqual(6);
    expect(seqs(all)).toEqual([...seqs(all)].sort((a, b) => a - b));

    attempts.length = 0;
    const paged: ShopEvent[] = [];
    for await (const event of shop.events.list({ limit: 2 })) paged.push(event);
    expect(seqs(paged)).toEqual(seqs(all));
    // One request per page of two, plus at most one that finds nothing more.
    expect(attempts.length).toBeGreaterThanOrEqual(Math.ceil(all.length / 2));
    expect(attempts.length).toBeLessThanOrEqual(Math.ceil(all.length / 2) + 1);

    const orderEvents = await shop.events
      .list({ types: ['order.*'], orderId: first })
      .toArray({ limit: 100 });
    expect(orderEvents.map((e) => e.type)).toEqual(['order.created', 'order.paid']);
    for (const event of orderEvents) {
      if (event.type === 'order.paid') expect(event.data.object.paymentId).toBeTruthy();
    }

    // One page at a time, as the API returns it: the CLI's `events list --after`.
    const firstPage = await shop.events.list({ limit: 2 }).page();
    expect(seqs(firstPage.data)).toEqual(seqs(all).slice(0, 2));
    expect(firstPage).toMatchObject({ hasMore: true, nextCursor: all[1]?.seq });
    const secondPage = await shop.events.list({ limit: 2 }).page(firstPage.nextCursor);
    expect(seqs(secondPage.data)).toEqual(seqs(all).slice(2, 4));

    const after = all[2]?.seq ?? 0;
    expect(seqs(await shop.events.list({ after }).toArray({ limit: 100 }))).toEqual(
      seqs(all).filter((seq) => seq > after),
    );
  });

  it('lists newest first with order desc: the newest event in one request, then down by before', async () => {
    const itemId = await stockedItem(env.admin, 5);
    const { shop, attempts } = await newCustomer(env.url);
    await paidOrder(shop, itemId);
    const all = await shop.events.list({ limit: 100 }).toArray({ limit: 100 });

    attempts.length = 0;
    const [newest] = await shop.events.list({ order: 'desc', limit: 1 }).toArray({ limit: 1 });
    expect(newest?.seq).toBe(all.at(-1)?.seq);
    expect(attempts).toHaveLength(1);

    const down: ShopEvent[] = [];
    for await (const event of shop.events.list({ order: 'desc', limit: 2 })) down.push(event);
    expect(seqs(down)).toEqual(seqs(all).reverse());
    const older = await shop.events
      .list({ order: 'desc', before: all.at(-1)?.seq, types: ['order.*'] })
      .toArray({ limit: 100 });
    expect(older.map((e) => e.type)).toEqual(['order.created']);
  });

  it('reads one event, its deliveries, and refuses an unknown id', async () => {
    const itemId = await stockedItem(env.admin, 1);
    const { shop } = await newCustomer(env.url);
    await paidOrder(shop, itemId);
    const [created] = await shop.events.list({ types: ['order.created'] }).toArray({ limit: 1 });
    expect(created).toBeDefined();
    const event = await shop.events.get(created?.id ?? '');
    expect(event).toEqual(created);
    // No endpoint is subscribed, so nothing was delivered and a resend reaches no one.
    expect(await shop.events.deliveries(event.id)).toEqual([]);
    expect(await shop.events.resend(event.id)).toBe(0);
    await expect(shop.events.get(`evt_${'0'.repeat(32)}`)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('streams, and resumes after an abort with exactly the events it missed', async () => {
    const itemId = await stockedItem(env.admin, 5);
    const { shop } = await newCustomer(env.url);
    await paidOrder(shop, itemId);
    const before = await shop.events.list().toArray({ limit: 100 });

    // Replays from the start of the log, then the loop stops the stream.
    const controller = new AbortController();
    const read = await take(
      shop.events.stream({ after: 0, signal: controller.signal }),
      before.length,
    );
    expect(read).toEqual(before);
    controller.abort();

    // More happen while nobody listens.
    await paidOrder(shop, itemId);
    const last = read.at(-1)?.seq ?? 0;
    const missed = await shop.events.list({ after: last }).toArray({ limit: 100 });
    expect(missed.length).toBeGreaterThan(0);

    const resumed = await take(shop.events.stream({ after: last }), missed.length);
    expect(resumed).toEqual(missed);
  });

  it('delivers live events and ends cleanly when the signal aborts', async () => {
    const itemId = await stockedItem(env.admin, 5);
    const { shop } = await newCustomer(env.url);
    const controller = new AbortController();
    const seen: ShopEvent[] = [];
    const reading = (async () => {
      for await (const event of shop.events.stream({
        after: 0,
        types: ['order.*'],
        signal: controller.signal,
      })) {
        seen.push(event);
        if (event.type === 'order.paid') controller.abort();
      }
    })();
    const orderId = await paidOrder(shop, itemId);
    await expect(reading).resolves.toBeUndefined();
    expect(seen.map((e) => e.type)).toEqual(['order.created', 'order.paid']);
    for (const event of seen) expect(event.data.object).toMatchObject({ orderId });
  });

  it('calls onOpen once the server follows the log: an event committed then is yielded', async () => {
    const itemId = await stockedItem(env.admin, 5);
    const { shop } = await newCustomer(env.url);
    const controller = new AbortController();
    const seen: ShopEvent[] = [];
    let ordered: Promise<string> | undefined;
    // No cursor: the stream starts live, so only onOpen says from when events are caught.
    for await (const event of shop.events.stream({
      types: ['order.*'],
      signal: controller.signal,
      onOpen: () => (ordered ??= paidOrder(shop, itemId)),
    })) {
      seen.push(event);
      if (event.type === 'order.paid') controller.abort();
    }
    const orderId = await ordered;
    expect(seen.map((e) => e.type)).toEqual(['order.created', 'order.paid']);
    for (const event of seen) expect(event.data.object).toMatchObject({ orderId });
  });

  it('yields an event resent while it streams once more, with its seq, and goes on after it', async () => {
    const itemId = await stockedItem(env.admin, 5);
    const { shop } = await newCustomer(env.url);
    const first = await paidOrder(shop, itemId);
    const [created, paid] = await shop.events.list({ types: ['order.*'] }).toArray({ limit: 2 });
    const seen: ShopEvent[] = [];
    const controller = new AbortController();
    const reading = (async () => {
      for await (const event of shop.events.stream({
        after: created!.seq - 1,
        types: ['order.*'],
        signal: controller.signal,
      })) {
        seen.push(event);
        // Both of the first order's events are in: the stream is open, so resend one.
        if (seen.length === 2) await shop.events.resend(created!.id);
        if (seen.length === 3) await paidOrder(shop, itemId);
        if (seen.length === 5) controller.abort();
      }
    })();
    await reading;
    expect(seen.slice(0, 3)).toEqual([created, paid, created]);
    expect(seen.slice(3).map((e) => e.type)).toEqual(['order.created', 'order.paid']);
    expect(seen[3]!.data.object).not.toMatchObject({ orderId: first });
  });

  it('resumes a dropped connection after the client backoff, yielding each event once', async () => {
    const itemId = await stockedItem(env.admin, 5);
    // The first stream connection dies right after its first event frame (a replay from 0: the
    // position comes after the events).
    const dropping = droppingFirstStream();
    const waits: number[] = [];
    const { shop } = await newCustomer(env.url, {
      fetch: dropping.fetch,
      random: () => 0,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    await paidOrder(shop, itemId);
    const logged = await shop.events.list().toArray({ limit: 100 });
    waits.length = 0;

    const read = await take(shop.events.stream({ after: 0 }), logged.length);
    expect(read).toEqual(logged);
    expect(dropping.streams()).toBe(2);
    expect(waits).toEqual([500]);
  });

  it('started live and cut before any event, still yields an event committed while it was away', async () => {
    const itemId = await stockedItem(env.admin, 5);
    // The first stream connection dies right after the server named its position, before any
    // event: a live start used to resume live again and lose what the gap committed.
    const dropping = droppingFirstStream();
    let placed: Promise<string> | undefined;
    const opens: number[] = [];
    const { shop } = await newCustomer(env.url, {
      fetch: dropping.fetch,
      // The backoff before the reconnect: the gap in which the order is committed.
      sleep: async () => {
        placed ??= shop.orders
          .create({ items: [{ itemId, quantity: 1 }] })
          .then((order) => order.orderId);
        await placed;
      },
    });
    const [first] = await take(
      shop.events.stream({
        types: ['order.*'],
        onOpen: () => opens.push(dropping.streams()),
        signal: AbortSignal.timeout(10_000),
      }),
      1,
    );
    expect(dropping.cut()).toMatch(/^retry: \d+\n\nid: \d+\n\n$/);
    expect(dropping.streams()).toBe(2);
    expect(opens).toEqual([1, 2]);
    expect(first?.type).toBe('order.created');
    expect(first?.data.object).toMatchObject({ orderId: await placed });
  });

  it("names the position after the backlog to onPosition, past other accounts' events", async () => {
    const itemId = await stockedItem(env.admin, 5);
    const { shop } = await newCustomer(env.url);
    const other = await newCustomer(env.url);
    await paidOrder(shop, itemId);
    const own = await shop.events.list().toArray({ limit: 100 });
    // Another account's events move the log past this customer's newest.
    await paidOrder(other.shop, itemId);
    const [othersNewest] = await other.shop.events
      .list({ order: 'desc', limit: 1 })
      .toArray({ limit: 1 });

    const seen: (ShopEvent | { position: number })[] = [];
    const controller = new AbortController();
    for await (const event of shop.events.stream({
      after: own[0]!.seq - 1,
      signal: AbortSignal.any([controller.signal, AbortSignal.timeout(10_000)]),
      onPosition: (position) => {
        seen.push({ position });
        controller.abort();
      },
    }))
      seen.push(event);
    // Every event up to the position was yielded before it was named.
    expect(seen.slice(0, -1)).toEqual(own);
    const position = (seen.at(-1) as { position: number }).position;
    expect(position).toBeGreaterThanOrEqual(othersNewest!.seq);
    // A resumption from it is a valid cursor for this customer, with nothing before it missed.
    const after = await shop.events.list({ after: position }).toArray({ limit: 100 });
    expect(after).toEqual([]);
  });

  it('waits for an order over the stream, with one stream request instead of polls', async () => {
    const itemId = await stockedItem(env.admin, 5);
    const { shop, attempts } = await newCustomer(env.url, { paymentMethod: 'pm_card_slow' });
    const order = await shop.orders.create({ items: [{ itemId, quantity: 1 }] });
    attempts.length = 0;
    const paid = await shop.orders.waitFor(order.orderId, { via: 'stream', until: ['PAID'] });
    expect(paid.status).toBe('PAID');
    expect(attempts.map((a) => new URL(a.url).pathname)).toEqual([
      `/api/orders/${order.orderId}`,
      '/api/events/stream',
    ]);
  });

  it('gives up waiting over the stream at timeoutMs, naming the last status', async () => {
    const itemId = await stockedItem(env.admin, 5);
    const { shop } = await newCustomer(env.url, { paymentMethod: 'pm_card_slow' });
    const order = await shop.orders.create({ items: [{ itemId, quantity: 1 }] });
    const waiting = shop.orders.waitFor(order.orderId, {
      via: 'stream',
      until: ['REFUNDED'],
      timeoutMs: 200,
    });
    await expect(waiting).rejects.toBeInstanceOf(ShopTimeoutError);
    await expect(waiting).rejects.toMatchObject({ lastStatus: 'INVENTORY_RESERVED' });
  });

  it('falls back to polling when the server has no stream', async () => {
    const itemId = await stockedItem(env.admin, 5);
    // A proxy in front of the API that does not pass the stream on.
    const noStream: FetchLike = (url, init) =>
      new URL(url).pathname === '/api/events/stream'
        ? Promise.resolve(new Response('not here', { status: 404 }))
        : globalThis.fetch(url, init);
    const { shop, attempts } = await newCustomer(env.url, { fetch: noStream, sleep: noWait });
    const order = await shop.orders.create({ items: [{ itemId, quantity: 1 }] });
    const paid = await shop.orders.waitFor(order.orderId, { via: 'stream', until: ['PAID'] });
    expect(paid.status).toBe('PAID');
    expect(attempts.filter((a) => a.status === 404)).toHaveLength(1);
  });
});
