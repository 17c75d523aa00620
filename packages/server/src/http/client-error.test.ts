import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, type RunningServer } from '@shop/test-kit';

let server: RunningServer;
beforeAll(async () => {
  server = await startInProcess();
});
afterAll(() => server.close());

/** Sends raw bytes (fetch would refuse these requests) and returns the raw response. */
function raw(request: string): Promise<string> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(request));
    let response = '';
    socket.on('data', (chunk) => (response += chunk.toString()));
    socket.on('end', () => resolve(response));
    socket.on('error', reject);
  });
}

const bodyOf = (response: string) => JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));

describe('requests Node rejects before the app', () => {
  it('answers headers over 16 KB with a 431 problem', async () => {
    const response = await raw(
      `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(response).toMatch(/^HTTP\/1\.1 431 /);
    expect(response).toMatch(/content-type: application\/problem\+json/i);
    expect(response).toMatch(/x-request-id: [0-9a-f-]{36}/i);
    expect(response).toMatch(/x-content-type-options: nosniff/i);
    expect(bodyOf(response)).toMatchObject({ status: 431, code: 'request.headers_too_large' });
  });

  it('answers a malformed request line with a 400 problem', async () => {
    const response = await raw('NOT HTTP AT ALL\r\n\r\n');
    expect(response).toMatch(/^HTTP\/1\.1 400 /);
    expect(bodyOf(response)).toMatchObject({ status: 400, code: 'request.malformed' });
  });
});
