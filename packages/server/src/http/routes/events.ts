import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import {
  checkFollowCursor,
  getEvent,
  lastSeq,
  listDeliveries,
  readEvents,
  streamPosition,
  toEvent,
  unknownEventPatterns,
  type Event,
  type EventQuery,
  type EventReader,
} from '../../domain/events/log.js';
import { isDomainError } from '../../domain/errors.js';
import { onEvents } from '../../domain/events/notifier.js';
import { onResend } from '../../domain/events/resends.js';
import { resendEvent } from '../../domain/webhooks/endpoints.js';
import { authOf, requireAuth } from '../auth.js';
import { isHead } from '../head.js';
import { InvalidRequestError } from '../problem.js';

/** The `retry:` hint sent to EventSource clients (ms before they reconnect). */
const STREAM_RETRY_MS = 2000;
const STREAM_BATCH = 100;

const readerOf = (res: Response): EventReader => {
  const { accountId, role } = authOf(res);
  return { accountId, role };
};

function filtersOf(req: Request): Omit<EventQuery, 'after' | 'limit'> {
  const types = typeof req.query.types === 'string' ? req.query.types.split(',') : undefined;
  const unknown = unknownEventPatterns(types ?? []);
  if (unknown.length > 0)
    throw new InvalidRequestError(
      unknown.map(({ message }) => ({ path: '/query/types', message })),
    );
  const orderId = typeof req.query.orderId === 'string' ? req.query.orderId : undefined;
  return { types, orderId };
}

const numberOrUndefined = (value: unknown): number | undefined =>
  value === undefined ? undefined : Number(value);

/** Tag Events: the log as a list (with long poll), a stream, and per-event deliveries. */
export function createEventsRouter(ctx: AppContext): Router {
  const router = Router();
  const auth = requireAuth(ctx);

  router.get('/', auth, async (req, res) => {
    const reader = readerOf(res);
    const query: EventQuery = {
      ...filtersOf(req),
      after: numberOrUndefined(req.query.after),
      before: numberOrUndefined(req.query.before),
      order: req.query.order === 'desc' ? 'desc' : 'asc',
      limit: Number(req.query.limit ?? 50),
    };
    // A long poll waits for newer events: it means nothing to a newest-first read.
    // Nor to a HEAD, whose answer has no body to wait for.
    const waitMs = query.order === 'asc' && !isHead(res) ? Number(req.query.wait ?? 0) * 1000 : 0;
    if (waitMs > 0) checkFollowCursor(ctx.db, query.after);
    let page = readEvents(ctx.db, reader, query);
    if (page.data.length === 0 && waitMs > 0) {
      // Long poll: hold the request until the log moves past the cursor, or the wait runs out.
      await new Promise<void>((resolve) => {
        const finish = (): void => {
          clearTimeout(timer);
          off();
          ctx.events.openReaders.delete(finish);
          res.off('close', finish);
          resolve();
        };
        const off = onEvents(ctx.db, () => {
          try {
            if (readEvents(ctx.db, reader, { ...query, after: page.nextCursor }).data.length > 0)
              finish();
          } catch {
            // E.g. retention passed the cursor meanwhile: the read after the wait answers it,
            // where a throw here would escape the request into the process.
            finish();
          }
        });
        const timer = setTimeout(finish, waitMs);
        ctx.events.openReaders.add(finish);
        res.on('close', finish);
      });
      if (res.destroyed) return;
      // A reset while it waited leaves the cursor ahead of the new log.
      checkFollowCursor(ctx.db, query.after);
      page = readEvents(ctx.db, reader, query);
    }
    res.json(page);
  });

  router.get('/stream', auth, (req, res) => {
    const reader = readerOf(res);
    const filters = filtersOf(req);
    const lastEventId = req.get('last-event-id');
    const from =
      lastEventId !== undefined ? Number(lastEventId) : numberOrUndefined(req.query.after);
    checkFollowCursor(ctx.db, from);
    // Without a cursor the stream starts live.
    let cursor = from ?? lastSeq(ctx.db);

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    });
    // A HEAD gets the stream's headers and nothing to hold open for ten minutes.
    if (isHead(res)) {
      res.end();
      return;
    }
    res.write(`retry: ${STREAM_RETRY_MS}\n\n`);

    // Everything after the cursor, in seq order; the cursor only moves forward, so an event
    // that the backlog read already sent is never sent again by a live wake-up.
    const flush = (): void => {
      for (;;) {
        const page = readEvents(ctx.db, reader, { ...filters, after: cursor, limit: STREAM_BATCH });
        for (const event of page.data)
          res.write(`id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
        cursor = page.nextCursor;
        if (!page.hasMore) return;
      }
    };
    // A resend is live-only: a frame without `id:`, so it moves no client's Last-Event-ID and a
    // reconnect never replays it (docs/adr/0063).
    const sendResent = (event: Event): void => {
      res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    };
    // Subscribe before reading the backlog: an event committed in between wakes flush again.
    const off = onEvents(ctx.db, () => {
      try {
        flush();
      } catch (error) {
        // E.g. retention passed the cursor: ended, the client reconnects and gets the answer
        // (410) instead of the throw escaping the request into the process.
        if (!isDomainError(error)) ctx.logger.error({ err: error }, 'event stream read failed');
        end();
      }
    });
    const offResend = onResend(ctx.db, reader, filters, sendResent);
    const keepAlive = setInterval(
      () => res.write(': keep-alive\n\n'),
      ctx.events.streamKeepAliveMs,
    );
    const end = (): void => {
      off();
      offResend();
      clearInterval(keepAlive);
      clearTimeout(recycle);
      ctx.events.openReaders.delete(end);
      if (!res.writableEnded) res.end();
    };
    const recycle = setTimeout(end, ctx.events.streamMaxMs);
    ctx.events.openReaders.add(end);
    res.on('close', end);
    flush();
    // An id-only frame (no data: nothing is dispatched, the client's last event ID moves): a
    // stream that started live, or saw none of its reader's events, resumes from here.
    cursor = streamPosition(ctx.db, cursor);
    res.write(`id: ${cursor}\n\n`);
  });

  router.get('/:eventId', auth, (req, res) => {
    res.json(toEvent(getEvent(ctx.db, readerOf(res), req.params.eventId as string)));
  });

  router.get('/:eventId/deliveries', auth, (req, res) => {
    res.json({ data: listDeliveries(ctx.db, readerOf(res), req.params.eventId as string) });
  });

  router.post('/:eventId/resend', auth, (req, res) => {
    const body = (req.body ?? {}) as { endpointId?: string };
    const requeued = resendEvent(
      ctx.db,
      readerOf(res),
      req.params.eventId as string,
      body.endpointId,
      ctx.now(),
    );
    res.status(202).json({ requeued });
  });

  return router;
}
