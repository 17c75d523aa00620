import type { EventTypePattern, Problem, ShopEvent } from '@shop/sdk';
import type { Context } from '../context.js';
import { CliError } from '../errors.js';
import { client, type ShopClient } from './client.js';
import { newestEventSeq } from './events.js';
import { createForwarder, type ForwardResult } from './forward.js';

/** Where a run starts reading the log: always an explicit cursor, so a restart can resume. */
interface ListenStart {
  /** Read the events after this seq. */
  after: number;
  /** `saved`: where the last run stopped; `after`/`since`: the flags; `live`: the newest event. */
  from: 'saved' | 'after' | 'since' | 'live';
}

export type ListenRecord =
  | {
      kind: 'ready';
      /** Undefined: no event is kept for this account yet, so the stream starts live. */
      start: ListenStart | undefined;
      forwardTo: string | undefined;
      secret: string | undefined;
    }
  | { kind: 'event'; event: ShopEvent }
  | { kind: 'forward'; result: ForwardResult };

export interface ListenOptions {
  types: readonly EventTypePattern[] | undefined;
  after: number | undefined;
  sinceMs: number | undefined;
  forwardTo: string | undefined;
  headers: Readonly<Record<string, string>>;
  forwardTimeoutMs: number;
}

export interface ListenSummary {
  seen: number;
  forwarded: number;
  failed: number;
  /** The seq a restart resumes after (none when the log was empty and stayed so). */
  cursor: number | undefined;
}

/** How long handled events may wait before their seq is written to the profile. */
const SAVE_DELAY_MS = 200;

/**
 * The profile's local signing secret for forwarded events, made on first use and kept in the
 * profile, so a handler configured with it keeps verifying across runs.
 */
export async function listenSecret(ctx: Context): Promise<string> {
  const saved = ctx.profile.listenSecret;
  if (saved) return saved;
  // As The-Mall's endpoint secrets: `whsec_` and the base64 of random bytes.
  const secret = `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64')}`;
  await ctx.config.updateProfile(ctx.profileName, { listenSecret: secret });
  return secret;
}

/** Searches begun again because the server pruned the log under one, before giving up. */
const SEARCH_ATTEMPTS = 5;

/**
 * The smallest cursor after which every event is at or after `cutoffMs`. The API lists by seq
 * only, so this probes `events.list` one event at a time: a doubling search up, then a
 * bisection — about 2·log2(events) requests. The search starts at the oldest kept event, the very
 * one the server's retention removes next: a probe it pruned under us (410) starts it again.
 */
async function cursorAt(shop: ShopClient, cutoffMs: number): Promise<number | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await searchCursor(shop, cutoffMs);
    } catch (error) {
      if (attempt >= SEARCH_ATTEMPTS || !isCursorExpired(error)) throw error;
    }
  }
}

async function searchCursor(shop: ShopClient, cutoffMs: number): Promise<number | undefined> {
  const firstAfter = async (after: number | undefined): Promise<ShopEvent | undefined> =>
    (await shop.events.list({ after, limit: 1 }).toArray({ limit: 1 }))[0];
  const reached = async (after: number): Promise<boolean> => {
    const next = await firstAfter(after);
    return next === undefined || Date.parse(next.createdAt) >= cutoffMs;
  };
  const oldest = await firstAfter(undefined);
  // No event kept for this account yet: the stream's own live start is the cursor.
  if (!oldest) return undefined;
  let low = oldest.seq - 1;
  if (Date.parse(oldest.createdAt) >= cutoffMs) return low;
  let step = 1;
  let high = low + step;
  while (!(await reached(high))) {
    low = high;
    step *= 2;
    high = low + step;
  }
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (await reached(middle)) high = middle;
    else low = middle;
  }
  return high;
}

async function resolveStart(
  ctx: Context,
  shop: ShopClient,
  options: ListenOptions,
): Promise<ListenStart | undefined> {
  // One read checks the cursor (410 when expired), the login and the server before streaming.
  const checked = async (start: ListenStart): Promise<ListenStart> => {
    try {
      await shop.events.list({ after: start.after, limit: 1 }).toArray({ limit: 1 });
    } catch (error) {
      throw cursorExpired(error, start) ?? error;
    }
    return start;
  };
  if (options.after !== undefined) return checked({ after: options.after, from: 'after' });
  if (options.sinceMs !== undefined) {
    const after = await cursorAt(shop, Date.now() - options.sinceMs);
    return after === undefined ? undefined : { after, from: 'since' };
  }
  const { listenSeq, listenApiUrl } = ctx.profile;
  // A seq of another server means nothing here.
  if (listenSeq !== undefined && listenApiUrl === ctx.apiUrl) {
    return checked({ after: Number(listenSeq), from: 'saved' });
  }
  const after = await newestEventSeq(shop);
  return after === undefined ? undefined : { after, from: 'live' };
}

const isCursorExpired = (error: unknown): boolean =>
  error instanceof Error && (error as { code?: unknown }).code === 'events.cursor_expired';

function cursorExpired(error: unknown, start: ListenStart | undefined): CliError | undefined {
  if (!isCursorExpired(error)) return undefined;
  // The server names its newest seq when the cursor is ahead of the log (a reset, another
  // server) rather than behind retention; the cure differs, so the words do too.
  const newestSeq = (error as { problem?: Problem }).problem?.newestSeq;
  if (newestSeq !== undefined && start) {
    const reason =
      start.from === 'saved'
        ? ' where the last run stopped: it was reset, or this is another server'
        : ": it was reset, or the seq is another server's";
    return new CliError(
      `The server's event log ends at seq ${newestSeq}, before seq ${start.after}${reason}.`,
      {
        hint: 'Read the new log from its start with `shop listen --after 0`, or from a time with `shop listen --since 1h` (any duration).',
        code: 'events.cursor_expired',
        cause: error,
      },
    );
  }
  const where = start ? ` after seq ${start.after}` : '';
  return new CliError(
    `The server no longer keeps the events${where}${start?.from === 'saved' ? ', where the last run stopped' : ''}.`,
    {
      hint: 'Backfill what is kept with `shop listen --since 1d` (any duration), or start at a seq with --after.',
      code: 'events.cursor_expired',
      cause: error,
    },
  );
}

/**
 * Follows the event log: reports each event, forwards it when asked (in order, on a queue apart
 * from the stream, so a slow handler never holds up reading), and keeps in the profile the seq
 * after which every event has been handled — the stream's position when it is past the last
 * event. Ends when `ctx.signal` aborts.
 */
export async function listen(
  ctx: Context,
  options: ListenOptions,
  report: (record: ListenRecord) => void,
): Promise<ListenSummary> {
  const shop = await client(ctx);
  const secret = options.forwardTo ? await listenSecret(ctx) : undefined;
  const start = await resolveStart(ctx, shop, options);
  const summary: ListenSummary = { seen: 0, forwarded: 0, failed: 0, cursor: start?.after };
  // "Listening" once the server follows the log, not before: a live start (an empty log) has no
  // cursor to replay from, so an event committed before the stream opened would never show.
  let ready = false;
  const onOpen = (): void => {
    if (ready) return;
    ready = true;
    report({ kind: 'ready', start, forwardTo: options.forwardTo, secret });
  };

  // Seqs printed but still being forwarded: the cursor stays below the oldest of them, so an
  // event whose forward a Ctrl-C cut short is forwarded again by the next run.
  const unsettled: number[] = [];
  let lastSeen = start?.after;
  let saved = ctx.profile.listenApiUrl === ctx.apiUrl ? ctx.profile.listenSeq : undefined;
  let saveTimer: NodeJS.Timeout | undefined;
  const save = async (): Promise<void> => {
    clearTimeout(saveTimer);
    saveTimer = undefined;
    const cursor = unsettled.length > 0 ? (unsettled[0] as number) - 1 : lastSeen;
    if (cursor === undefined) return;
    summary.cursor = cursor;
    if (String(cursor) === saved) return;
    await ctx.config.updateProfile(ctx.profileName, {
      listenSeq: String(cursor),
      listenApiUrl: ctx.apiUrl,
    });
    saved = String(cursor);
  };
  let closed = false;
  const saveSoon = (): void => {
    if (closed) return;
    // A failed write is retried by the next one; the last, on the way out, reports its error.
    saveTimer ??= setTimeout(() => void save().catch(() => undefined), SAVE_DELAY_MS);
  };

  // Ends the stream and the forwards together: on Ctrl-C, and when the stream fails (a
  // forward still retrying must not keep the process alive after the error is reported).
  const stop = new AbortController();
  const onInterrupt = (): void => stop.abort();
  ctx.signal.addEventListener('abort', onInterrupt, { once: true });
  if (ctx.signal.aborted) stop.abort();

  const forwarder =
    options.forwardTo && secret
      ? createForwarder({
          url: options.forwardTo,
          secret,
          headers: options.headers,
          timeoutMs: options.forwardTimeoutMs,
          signal: stop.signal,
          onResult: (result) => report({ kind: 'forward', result }),
          onSettled: (event, delivered) => {
            if (delivered) summary.forwarded += 1;
            else summary.failed += 1;
            const at = unsettled.indexOf(event.seq);
            if (at >= 0) unsettled.splice(at, 1);
            saveSoon();
          },
        })
      : undefined;

  try {
    for await (const event of shop.events.stream({
      after: start?.after,
      types: options.types,
      signal: stop.signal,
      onOpen,
      // The log's position moves on with other accounts' events while this one may stay quiet:
      // saving it keeps the cursor inside retention (docs/adr/0073). save() still holds it
      // below a forward not yet finished.
      onPosition: (seq) => {
        if (lastSeen !== undefined && seq <= lastSeen) return;
        lastSeen = seq;
        saveSoon();
      },
    })) {
      summary.seen += 1;
      // An event delivered again (a resend keeps its id and seq) is printed and forwarded
      // again, but never moves the cursor back nor holds it.
      const fresh = lastSeen === undefined || event.seq > lastSeen;
      if (fresh) lastSeen = event.seq;
      report({ kind: 'event', event });
      if (forwarder) {
        if (fresh) unsettled.push(event.seq);
        forwarder.push(event);
      }
      saveSoon();
    }
  } catch (error) {
    throw cursorExpired(error, start) ?? error;
  } finally {
    closed = true;
    stop.abort();
    ctx.signal.removeEventListener('abort', onInterrupt);
    await save();
  }
  return summary;
}
