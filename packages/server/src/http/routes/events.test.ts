import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  client as api,
  loginAs,
  registerCustomer,
  startWebhookFixture,
  type Client as Api,
  type RunningServer,
  stockedItem,
  type Receiver,
  type WebhookFixture,
} from '@shop/test-kit';

let fixture: WebhookFixture;
let server: RunningServer;
let admin: Api;
let token: string;
let customer: Api;
let hook: Receiver;
let offsetMs = 0;

beforeEach(async () => {
  offsetMs = 0;
  fixture = await startWebhookFixture({
    paymentDelayMs: 20,
    streamKeepAliveMs: 100,
    streamMaxMs: 3000,
    now: () => new Date(Date.now() + offsetMs),
  });
  ({ server, admin, customer } = fixture);
  token = fixture.account.token;
  hook = await fixture.receiver();
});

afterEach(() => fixture.close());

/** Appends `count` ping events to the customer's log. */
async function pings(count: number): Promise<string[]> {
  const endpoint = await customer.post('/api/webhook-endpoints', {
    url: hook.url,
    events: ['ping'],
  });
  const ids: string[] = [];
  for (let i = 0; i < count; i++)
    ids.push(
      (await customer.post(`/api/webhook-endpoints/${endpoint.body.endpointId}/test`)).body.id,
    );
  return ids;
}

/** Places a one-line order and returns its events once the worker has paid it. */
async function paidOrderEvents<T>(): Promise<{ headers: Headers; events: T[] }> {
  const itemId = await stockedItem(admin, 3);
  const placed = await customer.post('/api/orders', { items: [{ itemId, quantity: 1 }] });
  let page;
  for (let i = 0; i < 200; i++) {
    page = await customer.get(`/api/events?orderId=${placed.body.orderId}`);
    if (page.body.data.some((e: { type: string }) => e.type === 'order.paid')) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { headers: placed.headers, events: page!.body.data as T[] };
}

interface Frame {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
  retry?: string;
}

/** Opens the stream and yields its frames as they arrive. */
async function openStream(headers: Record<string, string> = {}, query = '') {
  const controller = new AbortController();
  const response = await fetch(`${server.url}/api/events/stream${query}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const frames: Frame[] = [];
  let ended = false;
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame: Frame = {};
          for (const line of buffer.slice(0, cut).split('\n')) {
            if (line.startsWith(':')) frame.comment = line.slice(1).trim();
            const [key, ...rest] = line.split(': ');
            if (key === 'id' || key === 'event' || key === 'data' || key === 'retry')
              frame[key] = rest.join(': ');
          }
          if (buffer.startsWith('retry:')) frame.retry = buffer.slice(6, cut).trim();
          frames.push(frame);
          buffer = buffer.slice(cut + 2);
        }
      }
    } catch {
      // aborted by the test
    }
    ended = true;
  })();
  const events = (): Frame[] => frames.filter((f) => f.event !== undefined);
  /** The frames in order, keep-alive comments left out. */
  const content = (): Frame[] => frames.filter((f) => f.comment === undefined);
  return {
    response,
    frames,
    events,
    content,
    /** The first `count` frames other than keep-alives, once they came. */
    async waitForContent(count: number): Promise<Frame[]> {
      for (let i = 0; i < 250 && content().length < count; i++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      return content().slice(0, count);
    },
    ended: () => ended,
    async waitForEvents(count: number): Promise<Frame[]> {
      for (let i = 0; i < 500 && events().length < count; i++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      return events();
    },
    async close() {
      controller.abort();
      await pump;
    },
  };
}

describe('the event log over HTTP', () => {
  it('writes exactly one order.failed for the 409 path, nothing for a rejected order', async () => {
    const itemId = await stockedItem(admin, 1);
    const short = await customer.post('/api/orders', { items: [{ itemId, quantity: 2 }] });
    expect(short.status).toBe(409);
    const unknown = await customer.post('/api/orders', {
      items: [{ itemId: 'ffffffffffffffffffffffff', quantity: 1 }],
    });
    expect(unknown.status).toBe(422);
    const list = await customer.get('/api/events');
    expect(list.body.data.map((e: { type: string }) => e.type)).toEqual(['order.failed']);
    expect(list.body.data[0]).toMatchObject({
      requestId: short.headers.get('x-request-id'),
      data: { object: { orderId: short.body.orderId, status: 'FAILED' } },
    });
  });

  it("records the whole life of an order, the worker's events without a request id", async () => {
    const { headers, events } = await paidOrderEvents<{
      type: string;
      requestId: string | null;
      seq: number;
      data: { previous?: unknown };
    }>();
    expect(events.map((e) => e.type)).toEqual([
      'order.created',
      'payment.created',
      'payment.succeeded',
      'order.paid',
    ]);
    expect(events[0]!.requestId).toBe(headers.get('x-request-id'));
    expect(events.slice(1).map((e) => e.requestId)).toEqual([null, null, null]);
    expect(events[3]!.data.previous).toEqual({ status: 'INVENTORY_RESERVED' });
    // Strictly increasing cursors; a type filter and a limit page through them.
    expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
    const orders = await customer.get(`/api/events?types=order.*,ping&limit=1`);
    expect(orders.body).toMatchObject({ hasMore: true, data: [{ type: 'order.created' }] });
    const next = await customer.get(`/api/events?types=order.*&after=${orders.body.nextCursor}`);
    expect(next.body.data.map((e: { type: string }) => e.type)).toEqual(['order.paid']);
  });

  it('says hasMore only when a filtered page has another match, moving past the rows it drops', async () => {
    const ids = await pings(2);
    const { events } = await paidOrderEvents<{ seq: number }>();
    const newest = events.at(-1)!.seq;
    // The page fills with the filter's last two matches; the order's events after them match
    // nothing, so there is no next page, and the cursor skips them.
    const page = await customer.get('/api/events?types=ping&limit=2');
    expect(page.body.data.map((e: { id: string }) => e.id)).toEqual(ids);
    expect(page.body).toMatchObject({ hasMore: false, nextCursor: newest });
    // Newest first, the same: the pings are the oldest of this customer's events.
    const down = await customer.get('/api/events?order=desc&types=ping&limit=2');
    expect(down.body.data.map((e: { id: string }) => e.id)).toEqual([...ids].reverse());
    expect(down.body.hasMore).toBe(false);
  });

  it('lists newest first with order=desc, paging down with before, in the reader’s scope', async () => {
    const ids = await pings(5);
    const seqOf = async (id: string): Promise<number> =>
      (await customer.get(`/api/events/${id}`)).body.seq as number;
    const seqs = await Promise.all(ids.map(seqOf));
    // Another account's later event: the customer's newest stays its own, the admin's is that one.
    const other = await registerCustomer(server.url);
    const otherApi = api(server.url, other.token);
    const theirs = await otherApi.post('/api/webhook-endpoints', {
      url: hook.url,
      events: ['ping'],
    });
    const theirPing = await otherApi.post(`/api/webhook-endpoints/${theirs.body.endpointId}/test`);

    const newest = await customer.get('/api/events?order=desc&limit=1');
    expect(newest.body).toEqual({
      data: [expect.objectContaining({ id: ids[4], seq: seqs[4] })],
      nextCursor: seqs[4],
      hasMore: true,
    });
    const down = await customer.get(`/api/events?order=desc&limit=2&before=${seqs[4]}`);
    expect(down.body.data.map((e: { id: string }) => e.id)).toEqual([ids[3], ids[2]]);
    expect(down.body).toMatchObject({ nextCursor: seqs[2], hasMore: true });
    const last = await customer.get(`/api/events?order=desc&types=ping&before=${seqs[2]}`);
    expect(last.body.data.map((e: { id: string }) => e.id)).toEqual([ids[1], ids[0]]);
    expect(last.body.hasMore).toBe(false);
    // `before` bounds an oldest-first read too; `after` and `before` together make a range.
    const range = await customer.get(`/api/events?after=${seqs[0]}&before=${seqs[3]}`);
    expect(range.body.data.map((e: { id: string }) => e.id)).toEqual([ids[1], ids[2]]);
    const admins = await admin.get('/api/events?order=desc&limit=1');
    expect(admins.body.data.map((e: { id: string }) => e.id)).toEqual([theirPing.body.id]);
    expect((await customer.get('/api/events?order=newest')).status).toBe(400);
  });

  it('holds a long poll until an event arrives, and answers empty when the wait runs out', async () => {
    const empty = Date.now();
    const none = await customer.get('/api/events?after=0&wait=1');
    expect(none.body).toEqual({ data: [], nextCursor: 0, hasMore: false });
    expect(Date.now() - empty).toBeGreaterThanOrEqual(900);
    const polling = customer.get('/api/events?after=0&wait=20');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const [id] = await pings(1);
    const got = await polling;
    expect(got.body.data.map((e: { id: string }) => e.id)).toEqual([id]);
  });

  it('streams backlog then live; after a drop, Last-Event-ID resumes with exactly the missed ones', async () => {
    const first = await openStream({}, '?after=0');
    expect(first.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const sent = await pings(5);
    const seen = await first.waitForEvents(5);
    expect(seen.map((f) => JSON.parse(f.data!).id)).toEqual(sent);
    expect(first.frames[0]?.retry).toBe('2000');
    await first.close();

    const missed = await pings(5);
    const resumed = await openStream({ 'last-event-id': seen[4]!.id! });
    const replay = await resumed.waitForEvents(5);
    const live = await pings(1);
    const all = await resumed.waitForEvents(6);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(resumed.events().map((f) => JSON.parse(f.data!).id)).toEqual([...missed, ...live]);
    expect(replay.slice(0, 5).every((f) => f.event === 'ping')).toBe(true);
    expect(all[5]!.id).toBe(String(JSON.parse(all[5]!.data!).seq));
    await resumed.close();
  });

  it('sends a resent event to the open streams once, without an id line, and never replays it', async () => {
    const [pingId] = await pings(1);
    const stream = await openStream({}, '?after=0');
    const orders = await openStream({}, '?after=0&types=order.*');
    const [original] = await stream.waitForEvents(1);

    expect((await customer.post(`/api/events/${pingId}/resend`, {})).status).toBe(202);
    const [, resent] = await stream.waitForEvents(2);
    expect(resent).toBeDefined();
    expect(resent!.id).toBeUndefined();
    expect(resent!.event).toBe('ping');
    expect(JSON.parse(resent!.data!)).toEqual(JSON.parse(original!.data!));

    // A resend aimed at one endpoint stays that endpoint's; the filtered stream never sees pings.
    const endpointId = JSON.parse(original!.data!).data.object.endpointId as string;
    await customer.post(`/api/events/${pingId}/resend`, { endpointId });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stream.events()).toHaveLength(2);
    expect(orders.events()).toEqual([]);
    await stream.close();
    await orders.close();

    const resumed = await openStream({ 'last-event-id': original!.id! });
    const [live] = await pings(1);
    const after = await resumed.waitForEvents(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(resumed.events().map((f) => JSON.parse(f.data!).id)).toEqual([live]);
    expect(after[0]!.id).toBe(String(JSON.parse(after[0]!.data!).seq));
    await resumed.close();
  });

  it("keeps a resend from another account's streams", async () => {
    const [pingId] = await pings(1);
    const otherToken = (await registerCustomer(server.url)).token;
    const mine = await openStream();
    const theirs = await openStream({ authorization: `Bearer ${otherToken}` });
    await customer.post(`/api/events/${pingId}/resend`, {});
    await mine.waitForEvents(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(mine.events().map((f) => JSON.parse(f.data!).id)).toEqual([pingId]);
    expect(theirs.events()).toEqual([]);
    await mine.close();
    await theirs.close();
  });

  it('sends keep-alive comments and closes the stream after its lifetime', async () => {
    const stream = await openStream();
    for (let i = 0; i < 300 && !stream.ended(); i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stream.ended()).toBe(true);
    expect(stream.frames.filter((f) => f.comment === 'keep-alive').length).toBeGreaterThan(3);
    await stream.close();
  });

  it('names its position at once when it starts live, so a reconnect resumes after it', async () => {
    await pings(2);
    // Another account's event: the position is the log's newest seq, whoever it belongs to.
    const other = api(server.url, (await registerCustomer(server.url)).token);
    const otherHook = await fixture.receiver();
    const otherEndpoint = await other.post('/api/webhook-endpoints', {
      url: otherHook.url,
      events: ['ping'],
    });
    await other.post(`/api/webhook-endpoints/${otherEndpoint.body.endpointId}/test`);
    const newest = (await admin.get('/api/events?order=desc&limit=1')).body.data[0].seq as number;

    const live = await openStream();
    const [, position] = await live.waitForContent(2);
    // An id-only frame: it moves an EventSource's last event ID and dispatches nothing.
    expect(position).toEqual({ id: String(newest) });
    await live.close();

    // Committed while no stream was open: the reconnect with that id gets it.
    const [missed] = await pings(1);
    const resumed = await openStream({ 'last-event-id': String(newest) });
    const [event] = await resumed.waitForEvents(1);
    expect(JSON.parse(event!.data!).id).toBe(missed);
    await resumed.close();
  });

  it('names the newest seq after a replay too, so an idle reader keeps a fresh cursor', async () => {
    const [first] = await pings(2);
    const firstSeq = (await customer.get(`/api/events/${first}`)).body.seq as number;
    const newest = (await admin.get('/api/events?order=desc&limit=1')).body.data[0].seq as number;
    const stream = await openStream({ 'last-event-id': String(firstSeq) });
    const [, replayed, position] = await stream.waitForContent(3);
    expect(replayed?.event).toBe('ping');
    expect(position).toEqual({ id: String(newest) });
    await stream.close();
  });

  it('starts live at the pruned-through seq when retention emptied the log: no 410 on reconnect', async () => {
    await pings(2);
    const newest = (await admin.get('/api/events?order=desc&limit=1')).body.data[0].seq as number;
    offsetMs = 31 * 24 * 3600_000;
    // Tokens issued before the jump have expired by then.
    token = (await registerCustomer(server.url)).token;
    const later = api(server.url, await loginAs(server.url, 'admin'));
    for (let i = 0; i < 200; i++) {
      if ((await later.get('/api/events?after=0')).status === 410) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await later.get('/api/events')).body.data).toEqual([]);

    const live = await openStream();
    const [, position] = await live.waitForContent(2);
    expect(position).toEqual({ id: String(newest) });
    await live.close();
    const resumed = await openStream({ 'last-event-id': String(newest) });
    expect(resumed.response.status).toBe(200);
    await resumed.close();
  });

  it('answers 410 events.cursor_expired for a cursor older than retention', async () => {
    await pings(2);
    const before = await customer.get('/api/events');
    const oldCursor = before.body.data[0].seq - 1;
    offsetMs = 31 * 24 * 3600_000;
    token = (await registerCustomer(server.url)).token;
    const later = api(server.url, await loginAs(server.url, 'admin'));
    let res;
    for (let i = 0; i < 200; i++) {
      res = await later.get(`/api/events?after=${oldCursor}`);
      if (res.status === 410) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect([res!.status, res!.body.code]).toEqual([410, 'events.cursor_expired']);
    expect(res!.body.prunedThrough).toBeGreaterThan(oldCursor);
    expect(res!.body).not.toHaveProperty('newestSeq');
    const stream = await fetch(`${server.url}/api/events/stream?after=${oldCursor}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(stream.status).toBe(410);
    // Without a cursor the list starts at the oldest kept event.
    expect((await later.get('/api/events')).status).toBe(200);
  });
});

describe('event type filters a typo would send', () => {
  it('refuses a types filter that names no event type, in the list and the stream', async () => {
    for (const types of ['order.craeted', 'orders.*', 'order.*,payment', 'order.cre*', 'ping.*']) {
      for (const path of ['/api/events', '/api/events/stream']) {
        const res = await customer.get(`${path}?types=${types}`);
        expect([path, types, res.status, res.body.code, res.body.errors]).toEqual([
          path,
          types,
          400,
          'validation.failed',
          [{ path: '/query/types', message: expect.stringContaining('is not an event type') }],
        ]);
      }
    }
    const known = await customer.get('/api/events?types=webhook_endpoint.*,ping,order.*,*');
    expect(known.status).toBe(200);
  });
});

describe('HEAD on the held reads', () => {
  it("answers HEAD on the stream and on a long poll at once, with the GET's headers", async () => {
    for (const path of ['/api/events/stream', '/api/events?wait=25']) {
      const started = Date.now();
      const res = await fetch(`${server.url}${path}`, {
        method: 'HEAD',
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(2000),
      });
      expect([path, res.status, await res.text()]).toEqual([path, 200, '']);
      expect(Date.now() - started).toBeLessThan(1500);
    }
    const stream = await fetch(`${server.url}/api/events/stream`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
  });
});

describe('a cursor this log never issued', () => {
  it('answers 410 to a stream or long poll after a cursor ahead of the log (the log was reset), instead of skipping the events up to it', async () => {
    await pings(3);
    const newest = (await customer.get('/api/events?order=desc&limit=1')).body.data[0].seq;
    expect((await customer.get(`/api/events?after=${newest}`)).status).toBe(200);
    // A dev reset empties the log and its seqs start again; a listener keeps its cursor.
    const reset = await fetch(`${server.url}/_dev/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(reset.status).toBe(204);
    const fresh = await registerCustomer(server.url);
    const again = api(server.url, fresh.token);
    const endpoint = await again.post('/api/webhook-endpoints', {
      url: hook.url,
      events: ['ping'],
    });
    // A one-shot list answers an empty page, which is what a search probing past the end reads.
    const list = await again.get(`/api/events?after=${newest}`);
    expect([list.status, list.body.data]).toEqual([200, []]);
    // The new log holds one ping; the 410 names its newest seq so a client can tell a reset
    // from retention (which names `prunedThrough` instead).
    await again.post(`/api/webhook-endpoints/${endpoint.body.endpointId}/test`);
    const newestNow = (await again.get('/api/events?order=desc&limit=1')).body.data[0].seq;
    expect(newestNow).toBeLessThan(newest);
    const poll = await again.get(`/api/events?after=${newest}&wait=5`);
    expect(poll.status).toBe(410);
    expect(poll.body).toMatchObject({
      code: 'events.cursor_expired',
      detail: expect.stringContaining('ahead of the log'),
      newestSeq: newestNow,
    });
    expect(poll.body).not.toHaveProperty('prunedThrough');
    const stream = await fetch(`${server.url}/api/events/stream`, {
      headers: { authorization: `Bearer ${fresh.token}`, 'last-event-id': String(newest) },
    });
    expect(stream.status).toBe(410);
    expect(await stream.json()).toMatchObject({
      code: 'events.cursor_expired',
      newestSeq: newestNow,
    });
    expect((await again.get('/api/events?after=0')).status).toBe(200);
  });

  it('ends the open streams and long polls at a reset: their cursors belong to the old log', async () => {
    await pings(2);
    const stream = await openStream();
    await stream.waitForContent(2); // retry: and the position frame
    const position = Number(stream.content()[1]?.id);
    expect(position).toBeGreaterThan(0);
    const poll = customer.get(`/api/events?after=${position}&wait=25`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await fetch(`${server.url}/_dev/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    for (let i = 0; i < 100 && !stream.ended(); i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stream.ended()).toBe(true);
    const polled = await poll;
    expect([polled.status, polled.body.code]).toEqual([410, 'events.cursor_expired']);
  });
});

describe('retention passing a waiting reader', () => {
  it('answers a long poll whose cursor retention passed while it waited, and keeps serving', async () => {
    await pings(2); // the customer's events: the oldest in the log
    const other = api(server.url, (await registerCustomer(server.url)).token);
    const poll = other.get('/api/events?after=0&wait=10');
    await new Promise((resolve) => setTimeout(resolve, 100));
    offsetMs = 31 * 24 * 3600_000; // the customer's events are past retention now
    const later = api(server.url, await loginAs(server.url, 'admin'));
    for (let i = 0; i < 200; i++) {
      if ((await later.get('/api/events?after=0')).status === 410) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // A new event wakes the waiting reader, whose cursor is now below what retention removed.
    token = (await registerCustomer(server.url)).token;
    await api(server.url, token).post('/api/webhook-endpoints', { url: hook.url, events: ['*'] });
    await later
      .post('/api/webhook-endpoints', { url: hook.url, events: ['ping'] })
      .then((ep) => later.post(`/api/webhook-endpoints/${ep.body.endpointId}/test`));
    const answered = await poll;
    expect([answered.status, answered.body.code]).toEqual([410, 'events.cursor_expired']);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('ends a stream whose cursor retention passed, so the reconnect is told (410)', async () => {
    const watcher = await registerCustomer(server.url);
    token = watcher.token;
    const stream = await openStream(); // live: positioned at the newest seq, which is nobody's yet
    await stream.waitForContent(2);
    const position = stream.content()[1]?.id;
    await pings(2); // the customer's events, after the watcher's position
    offsetMs = 31 * 24 * 3600_000;
    const adminToken = await loginAs(server.url, 'admin');
    const later = api(server.url, adminToken);
    for (let i = 0; i < 200; i++) {
      if ((await later.get(`/api/events?after=${position}`)).status === 410) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await later
      .post('/api/webhook-endpoints', { url: hook.url, events: ['ping'] })
      .then((ep) => later.post(`/api/webhook-endpoints/${ep.body.endpointId}/test`));
    for (let i = 0; i < 100 && !stream.ended(); i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stream.ended()).toBe(true);
    const again = await fetch(`${server.url}/api/events/stream`, {
      // The watcher's token expired with the clock's jump; any reader gets the same answer.
      headers: { authorization: `Bearer ${adminToken}`, 'last-event-id': String(position) },
    });
    expect(again.status).toBe(410);
    await again.body?.cancel();
  });
});
