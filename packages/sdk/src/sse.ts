/** One server-sent event as dispatched by the HTML spec's event stream interpretation. */
export interface SseFrame {
  /** The `id:` field, if the frame had one. */
  id?: string;
  /** The `event:` field; `message` when absent. */
  event: string;
  /** The `data:` lines, joined with `\n`. */
  data: string;
}

/**
 * A push parser of `text/event-stream` text, fed decoded chunks as they arrive (a line may span
 * chunks). Follows the spec's line rules: CRLF, LF or CR ends a line, a leading BOM is dropped,
 * `:` lines are comments, a blank line dispatches the frame if it had data, `retry:` is reported
 * to `onRetry`, unknown fields are ignored. A frame with an `id:` and no data dispatches nothing
 * but, as the spec's last event ID, is reported to `onId`. Written here rather than taken from
 * `eventsource-parser` because that one alone is 1.4 kB min+gz, past the main entry's budget.
 */
export function createSseParser(
  onFrame: (frame: SseFrame) => void,
  onRetry?: (ms: number) => void,
  onId?: (id: string) => void,
): (chunk: string) => void {
  let buffer = '';
  let first = true;
  let id: string | undefined;
  let event = '';
  let data: string[] = [];
  const line = (text: string): void => {
    if (text === '') {
      if (data.length > 0)
        onFrame({
          ...(id !== undefined && { id }),
          event: event || 'message',
          data: data.join('\n'),
        });
      else if (id !== undefined) onId?.(id);
      id = undefined;
      event = '';
      data = [];
      return;
    }
    const colon = text.indexOf(':');
    if (colon === 0) return;
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) onRetry?.(Number(value));
  };
  return (chunk) => {
    buffer += chunk;
    if (first && buffer.length > 0) {
      first = false;
      if (buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1);
    }
    // A CR at the very end may be the first half of a CRLF: keep it for the next chunk.
    const lines = buffer.split(/\r\n|\r(?!$)|\n/);
    buffer = lines.pop() ?? '';
    for (const text of lines) line(text);
  };
}
