import { describe, expect, it } from 'vitest';
import { createSseParser, type SseFrame } from './sse.js';

/** Feeds `chunks` in order; returns the frames, retry hints and id-only positions seen. */
function parse(...chunks: string[]): { frames: SseFrame[]; retries: number[]; ids: string[] } {
  const frames: SseFrame[] = [];
  const retries: number[] = [];
  const ids: string[] = [];
  const feed = createSseParser(
    (frame) => frames.push(frame),
    (ms) => retries.push(ms),
    (id) => ids.push(id),
  );
  for (const chunk of chunks) feed(chunk);
  return { frames, retries, ids };
}

describe('createSseParser', () => {
  it('dispatches no frame for an id without data, and reports the id (the spec sets the last event ID)', () => {
    const { frames, ids } = parse(
      'retry: 2000\n\nid: 40\n\n',
      'event: ping\ndata: {}\n\nid: 41\n\n',
    );
    expect(frames).toEqual([{ event: 'ping', data: '{}' }]);
    expect(ids).toEqual(['40', '41']);
  });

  it('reads the frames the event stream sends: retry hint, comments, id, event, data', () => {
    const { frames, retries } = parse(
      'retry: 2000\n\n',
      ': keep-alive\n\n',
      'id: 41\nevent: order.paid\ndata: {"seq":41}\n\n',
    );
    expect(retries).toEqual([2000]);
    expect(frames).toEqual([{ id: '41', event: 'order.paid', data: '{"seq":41}' }]);
  });

  it('joins a frame split anywhere across chunks, CRLF included', () => {
    const text = 'id: 7\r\nevent: ping\r\ndata: {"a":\r\ndata: 1}\r\n\r\nid: 8\r\ndata: x\r\n\r\n';
    const whole = parse(text).frames;
    expect(whole).toEqual([
      { id: '7', event: 'ping', data: '{"a":\n1}' },
      { id: '8', event: 'message', data: 'x' },
    ]);
    for (let cut = 1; cut < text.length; cut++) {
      expect(parse(text.slice(0, cut), text.slice(cut)).frames).toEqual(whole);
    }
    expect(parse(...text.split('')).frames).toEqual(whole);
  });

  it('follows the spec: BOM, bare CR, no space after the colon, frames without data', () => {
    const { frames, retries } = parse(
      '\uFEFFevent: lonely\n\n',
      'data:no-space\rid:9\r\r',
      'retry: soon\nfield-without-colon\ndata\n\n',
    );
    expect(retries).toEqual([]);
    expect(frames).toEqual([
      { id: '9', event: 'message', data: 'no-space' },
      { event: 'message', data: '' },
    ]);
  });

  it('keeps an unfinished frame until its blank line arrives', () => {
    const { frames } = parse('id: 1\ndata: half');
    expect(frames).toEqual([]);
  });
});
