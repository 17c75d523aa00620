import type { Context } from './context.js';
import { localTime, showStreamedEvent, writeJsonLine } from './event-views.js';
import { note, paint, writeLine } from './output.js';
import type { ForwardResult } from './services/forward.js';
import type { ListenRecord, ListenSummary } from './services/listen.js';

/** The `type` of a forward result in `--json` output; no event type has this prefix. */
const FORWARD_RECORD_TYPE = 'listen.forward';

function forwardLine(ctx: Context, result: ForwardResult): string {
  const color = ctx.color.stdout;
  const ok = result.outcome === 'delivered';
  const status = paint(color, ok ? 'green' : 'red', `[${result.status ?? 'ERR'}]`);
  const attempts = `${result.attempt} attempt${result.attempt === 1 ? '' : 's'}`;
  const notes = [
    result.error,
    result.outcome === 'retrying' ? `retrying in ${(result.retryInMs ?? 0) / 1000}s` : null,
    result.outcome === 'failed' ? `failed after ${attempts}` : null,
  ].filter((text) => text !== null);
  return `${localTime(new Date())}  ${paint(color, 'dim', '<--')} ${status} POST ${result.url} [${result.event.id}]${notes.length ? ` ${notes.join(', ')}` : ''}`;
}

function readyLine(ctx: Context, record: Extract<ListenRecord, { kind: 'ready' }>): string {
  const { start } = record;
  const from = !start
    ? 'live'
    : start.from === 'live'
      ? `live (after seq ${start.after})`
      : start.from === 'saved'
        ? `resuming after seq ${start.after}, where the last run stopped`
        : `after seq ${start.after}`;
  const forward = record.forwardTo
    ? ` Forwarding to ${record.forwardTo}, signed with ${record.secret ?? '?'}.`
    : '';
  return `Listening to ${ctx.apiUrl} (profile ${ctx.profileName}), ${from}.${forward} Ctrl-C to stop.`;
}

/**
 * One thing `shop listen` saw: an event (`-->`) or a forward attempt (`<--`) on stdout, one line
 * each; under --json the envelope itself, or a `listen.forward` object. The start goes to stderr.
 */
export function showListenRecord(ctx: Context, record: ListenRecord): void {
  switch (record.kind) {
    case 'ready':
      note(ctx, readyLine(ctx, record));
      return;
    case 'event':
      showStreamedEvent(ctx, record.event);
      return;
    case 'forward': {
      const { result } = record;
      if (!ctx.json) return writeLine(forwardLine(ctx, result));
      writeJsonLine({
        type: FORWARD_RECORD_TYPE,
        eventId: result.event.id,
        eventType: result.event.type,
        seq: result.event.seq,
        url: result.url,
        attempt: result.attempt,
        status: result.status,
        error: result.error,
        durationMs: result.durationMs,
        outcome: result.outcome,
        retryInMs: result.retryInMs,
      });
      return;
    }
  }
}

/** The one line Ctrl-C leaves on stderr. */
export function listenSummaryLine(summary: ListenSummary): string {
  const resume =
    summary.cursor === undefined ? '' : `; the next run resumes after seq ${summary.cursor}`;
  return `Stopped: ${summary.seen} event${summary.seen === 1 ? '' : 's'} seen, ${summary.forwarded} forwarded, ${summary.failed} failed${resume}.`;
}
