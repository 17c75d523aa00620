import type {
  Delivery,
  EventPage,
  ShopEvent,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from '@shop/sdk';
import type { Context } from './context.js';
import { money } from './format.js';
import { io } from './io.js';
import { formatDate, note, paint, writeFields, writeLine, writeTable } from './output.js';
import type { PingOutcome } from './services/webhooks.js';
import { present } from './views.js';

/** What an event is about, in a few words: `order <id>`, its status and amount. */
function subject(event: ShopEvent): { kind: string; id: string; status: string; detail?: string } {
  const object = event.data.object;
  if ('endpointId' in object)
    return { kind: 'endpoint', id: object.endpointId, status: object.status };
  if ('amount' in object) {
    return {
      kind: 'payment',
      id: object.paymentId,
      status: object.status,
      detail: `${money(object.amount)}, order ${object.orderId}`,
    };
  }
  return {
    kind: 'order',
    id: object.orderId,
    status: object.status,
    detail: money(object.totalAmount),
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `2026-01-31 14:05:09`, local time, as a developer's log shows it. */
export function localTime(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** `--json`: one compact JSON value per line (NDJSON), flushed as it happens. */
export function writeJsonLine(value: unknown): void {
  io().stdout.write(`${JSON.stringify(value)}\n`);
}

/**
 * An event as `shop listen` and `shop trigger` print it when it arrives:
 * `<time>  --> <type> [<event id>] order <id>` (a payment: `payment <id> order <id>`), or under
 * --json the envelope as one NDJSON line.
 */
export function showStreamedEvent(ctx: Context, event: ShopEvent): void {
  if (ctx.json) return writeJsonLine(event);
  const { kind, id } = subject(event);
  const object = event.data.object;
  const about = 'amount' in object ? `payment ${id} order ${object.orderId}` : `${kind} ${id}`;
  const color = ctx.color.stdout;
  writeLine(
    `${localTime(new Date(event.createdAt))}  ${paint(color, 'cyan', '-->')} ${paint(color, 'bold', event.type)} [${event.id}] ${about}`,
  );
}

const text = (value: unknown): string =>
  value === null || value === undefined
    ? '-'
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

export function showEventPage(ctx: Context, page: EventPage, next: string): void {
  present(ctx, page, () => {
    const events = page.data as ShopEvent[];
    if (events.length > 0) {
      writeTable(ctx, events, [
        { header: 'SEQ', value: (e) => String(e.seq), align: 'right' },
        { header: 'EVENT ID', value: (e) => e.id },
        { header: 'TYPE', value: (e) => e.type },
        { header: 'OBJECT', value: (e) => `${subject(e).kind} ${subject(e).id}`, optional: true },
        { header: 'CREATED', value: (e) => formatDate(e.createdAt), optional: true },
      ]);
    }
    const where =
      events.length === 0
        ? 'No events.'
        : `${events.length} event${events.length === 1 ? '' : 's'}, seq ${events[0]?.seq} to ${events.at(-1)?.seq}.`;
    // The cursor of the next page, as `items list` prints the next --page.
    const more = page.hasMore ? ` Next: ${next} --after ${page.nextCursor}` : '';
    io().stderr.write(`${paint(ctx.color.stderr, 'dim', `${where}${more}`)}\n`);
  });
}

export function showEvent(ctx: Context, event: ShopEvent): void {
  present(ctx, event, () => {
    const about = subject(event);
    const object = event.data.object as Record<string, unknown>;
    writeFields(ctx, [
      ['Event', event.id],
      ['Type', event.type],
      ['Seq', String(event.seq)],
      ['Time', formatDate(event.createdAt)],
      // The payment worker's events answer no request.
      ['Request id', event.requestId ?? '- (payment worker)'],
      ['Account', event.accountId],
      [
        about.kind[0]?.toUpperCase() + about.kind.slice(1),
        `${about.id} ${about.status}${about.detail ? ` (${about.detail})` : ''}`,
      ],
    ]);
    const previous = Object.entries(event.data.previous ?? {});
    if (previous.length > 0) {
      writeLine();
      writeFields(
        ctx,
        previous.map(([field, old]) => [field, `${text(old)} → ${text(object[field])}`]),
      );
    }
  });
}

export function showDeliveries(ctx: Context, eventId: string, list: { data: Delivery[] }): void {
  present(ctx, list, () => {
    if (list.data.length === 0) {
      note(
        ctx,
        `No delivery attempts for ${eventId} (yet): no enabled endpoint takes its type, or it is queued.`,
      );
      return;
    }
    writeTable(ctx, list.data, [
      { header: '#', value: (d) => String(d.attempt), align: 'right' },
      { header: 'ENDPOINT', value: (d) => d.endpointId },
      {
        header: 'STATUS',
        value: (d) => `${d.statusCode ?? '-'} ${d.status}`,
      },
      { header: 'DURATION', value: (d) => `${d.durationMs} ms`, align: 'right' },
      { header: 'ERROR', value: (d) => d.error ?? '-', shrink: true },
      { header: 'NEXT ATTEMPT', value: (d) => formatDate(d.nextAttemptAt), optional: true },
      { header: 'ATTEMPTED', value: (d) => formatDate(d.attemptedAt), optional: true },
    ]);
  });
}

/** A resend or a recover: how many deliveries were queued. */
export function showRequeued(ctx: Context, result: { requeued: number }, what: string): void {
  present(ctx, result, () => {
    const n = result.requeued;
    if (n === 0) note(ctx, `Nothing was queued: ${what}.`);
    else writeLine(`Queued ${n} deliver${n === 1 ? 'y' : 'ies'}.`);
  });
}

function endpointFields(endpoint: WebhookEndpoint): [string, string][] {
  return [
    ['Endpoint', endpoint.endpointId],
    ['URL', endpoint.url],
    ['Events', endpoint.events.join(', ')],
    ['Description', endpoint.description ?? '-'],
    ['Scope', endpoint.scope],
    [
      'Status',
      endpoint.disabledReason ? `${endpoint.status} (${endpoint.disabledReason})` : endpoint.status,
    ],
    ['Created', formatDate(endpoint.createdAt)],
    ['Updated', formatDate(endpoint.updatedAt)],
  ];
}

export function showEndpoint(ctx: Context, endpoint: WebhookEndpoint): void {
  present(ctx, endpoint, () => writeFields(ctx, endpointFields(endpoint)));
}

/**
 * A new endpoint or a rotated secret: the secret is in this answer only, so a person is told
 * so (on stderr, where a redirected stdout still leaves it visible). `oldUntil`: when the old
 * secret stops signing, after a rotation.
 */
export function showEndpointSecret(
  ctx: Context,
  endpoint: WebhookEndpointWithSecret,
  oldUntil?: Date,
): void {
  present(ctx, endpoint, () => {
    writeFields(ctx, [...endpointFields(endpoint), ['Secret', endpoint.secret]]);
    note(
      ctx,
      `This secret will not be shown again: store it now (\`shop webhooks rotate-secret ${endpoint.endpointId}\` makes a new one).`,
    );
    if (oldUntil) {
      note(
        ctx,
        oldUntil.getTime() <= Date.now()
          ? 'The old secret no longer signs deliveries.'
          : `Deliveries carry both signatures until ${formatDate(oldUntil.toISOString())}.`,
      );
    }
  });
}

export function showEndpointList(ctx: Context, list: { data: WebhookEndpoint[] }): void {
  present(ctx, list, () => {
    if (list.data.length === 0) {
      note(
        ctx,
        "No webhook endpoints. Add one with `shop webhooks create --url <url> --events 'order.*'`.",
      );
      return;
    }
    writeTable(ctx, list.data, [
      { header: 'ENDPOINT ID', value: (e) => e.endpointId },
      { header: 'STATUS', value: (e) => e.status },
      { header: 'URL', value: (e) => e.url, shrink: true },
      { header: 'EVENTS', value: (e) => e.events.join(','), shrink: true },
      // Left out before the URL is cut down to a stub.
      { header: 'DESCRIPTION', value: (e) => e.description ?? '-', optional: true },
    ]);
  });
}

/** `webhooks test`: the ping sent, and what the receiver answered if it was tried in time. */
export function showPing(ctx: Context, outcome: PingOutcome, waitedMs: number): void {
  present(ctx, outcome.ping, () => {
    const { ping, attempt } = outcome;
    const url = 'url' in ping.data.object ? ping.data.object.url : '';
    writeLine(`Sent ${ping.type} ${ping.id} to ${url}.`);
    if (!attempt) {
      note(
        ctx,
        `No attempt within ${Math.round(waitedMs / 1000)} s; see \`shop events deliveries ${ping.id}\` later.`,
      );
    } else if (attempt.status === 'succeeded') {
      writeLine(
        `${paint(ctx.color.stdout, 'green', '✓')} ${url} answered ${attempt.statusCode} in ${attempt.durationMs} ms.`,
      );
    }
  });
}
