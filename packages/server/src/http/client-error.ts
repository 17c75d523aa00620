import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { buildProblem } from './problem.js';

/**
 * Node rejects some requests before Express sees them (headers or URL over its 16 KB limit,
 * a malformed request line). Answer those with problem+json too, instead of Node's bare
 * `400 Bad Request` / `431` with no body.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const requestId = randomUUID();
  const problem = buildProblem(
    status,
    tooLarge ? 'request.headers_too_large' : 'request.malformed',
    tooLarge
      ? 'The request line and headers exceed 16 KB; send shorter headers and a shorter URL.'
      : 'The request could not be parsed as HTTP.',
    {},
    { requestId },
  );
  const body = JSON.stringify(problem);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: application/problem+json; charset=utf-8\r\n' +
      // Written before Express (and helmet) exist for this request; the one header that matters.
      'X-Content-Type-Options: nosniff\r\n' +
      `X-Request-Id: ${requestId}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
