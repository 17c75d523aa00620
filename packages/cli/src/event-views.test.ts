import { PassThrough } from 'node:stream';
import type { Delivery, EventPage, ShopEvent, WebhookEndpoint } from '@shop/sdk';
import { describe, expect, it } from 'vitest';
import type { Context } from './context.js';
import { showDeliveries, showEndpointList, showEventPage } from './event-views.js';
import { withIo } from './io.js';

/** What a view prints on a terminal `columns` wide: stdout lines and stderr text. */
async function printed(columns: number, show: () => void) {
  const stdout = Object.assign(new PassThrough(), { isTTY: true, columns });
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  await withIo(
    {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stderr: stderr as unknown as NodeJS.WriteStream,
    },
    async () => show(),
  );
  return { lines: out.split('\n').filter(Boolean), stderr: err };
}

const ctx = { json: false, color: { stdout: false, stderr: false } } as Context;
const hex = (n: number) => n.toString(16).padStart(32, '0');

const event = (seq: number): ShopEvent =>
  ({
    id: `evt_${hex(seq)}`,
    type: 'order.payment_failed',
    seq,
    createdAt: '2026-12-06T10:00:00Z',
    accountId: crypto.randomUUID(),
    requestId: null,
    data: { object: { orderId: crypto.randomUUID(), status: 'PAYMENT_FAILED', totalAmount: 5 } },
  }) as unknown as ShopEvent;

const endpoint = (n: number): WebhookEndpoint => ({
  endpointId: `we_${hex(n)}`,
  url: `https://hooks.example.com/a/rather/long/path/to/the/receiver/${n}`,
  events: ['order.*', 'payment.failed', 'payment.refunded'],
  description: 'the staging receiver of the warehouse team',
  scope: 'own',
  status: 'enabled',
  disabledReason: null,
  createdAt: '2026-12-06T10:00:00Z',
  updatedAt: '2026-12-06T10:00:00Z',
});

const attempt = (n: number): Delivery => ({
  deliveryId: `dlv_${hex(n)}`,
  eventId: `evt_${hex(1)}`,
  endpointId: `we_${hex(n)}`,
  attempt: n,
  status: 'failed',
  statusCode: null,
  durationMs: 15000,
  error: 'timed out after 15 s waiting for the receiver to answer',
  responseBody: null,
  attemptedAt: '2026-12-06T10:00:00Z',
  nextAttemptAt: '2026-12-06T10:05:00Z',
});

describe('event and webhook lists on an 80-column terminal', () => {
  it('events: every row on one line, ids and types whole; the footer names the next page', async () => {
    const events = [event(7), event(8), event(1234)];
    const page = { data: events, nextCursor: 1234, hasMore: true } as EventPage;
    const { lines, stderr } = await printed(80, () =>
      showEventPage(ctx, page, 'shop events list --limit 3'),
    );
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    for (const e of events) expect(lines.some((l) => l.includes(`${e.id}  ${e.type}`))).toBe(true);
    expect(stderr).toBe('3 events, seq 7 to 1234. Next: shop events list --limit 3 --after 1234\n');
  });

  it('deliveries: the endpoint and status whole, the error cut to fit', async () => {
    const { lines } = await printed(80, () =>
      showDeliveries(ctx, `evt_${hex(1)}`, { data: [attempt(1), attempt(2)] }),
    );
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(lines[1]).toMatch(new RegExp(`^1  we_${hex(1)}  - failed  15000 ms  timed.*…$`));
  });

  it('endpoints: ids and status whole, URLs and event lists cut with …', async () => {
    const { lines } = await printed(80, () =>
      showEndpointList(ctx, { data: [endpoint(1), endpoint(2)] }),
    );
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(lines[1]).toMatch(new RegExp(`^we_${hex(1)}  enabled  https.*…`));
    // The note goes first, rather than cut the URL to a stub.
    expect(lines[0]).not.toContain('DESCRIPTION');
  });

  it('a wide terminal keeps every column', async () => {
    const { lines } = await printed(200, () => showEndpointList(ctx, { data: [endpoint(1)] }));
    expect(lines[0]).toMatch(/^ENDPOINT ID +STATUS +URL +EVENTS +DESCRIPTION$/);
    expect(lines[1]).toContain('order.*,payment.failed,payment.refunded');
  });
});
