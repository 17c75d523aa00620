import express from 'express';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { errorHandler } from './error-handler.js';
import { createLogger, prettyDestination, redactUrl, requestLogger } from './logging.js';
import { requestId } from './request-id.js';

const SECRETS = ['hunter2', 'tok-123', 'sk_live_abc', 'k-456', 'sess-789', 'proxy-cred', 'xat-1'];

/** A real app with the real logger and error handler; returns every log line written. */
async function logsOf(
  path: string,
  headers: Record<string, string>,
  method = 'GET',
  format: 'json' | 'pretty' = 'json',
): Promise<string> {
  let written = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  const logger = createLogger('info', format === 'pretty' ? await prettyDestination(sink) : sink);
  const app = express();
  app.use(requestId());
  app.use(requestLogger(logger));
  app.get('/ok', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/cookie', (_req, res) => {
    res.cookie('session', 'sess-789').json({ ok: true });
  });
  app.get('/cookies', (_req, res) => {
    res.cookie('session', 'sess-789').cookie('refresh', 'tok-123').json({ ok: true });
  });
  app.get('/missing', (_req, res) => {
    res.status(404).json({ missing: true });
  });
  app.get('/boom', () => {
    throw new Error('boom');
  });
  app.use(errorHandler(logger));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers, method });
    await res.text();
    // The access line is written when the response finishes, which the client may see first.
    for (
      let waited = 0;
      !/request (completed|errored|aborted)|\(req-\d\)/.test(written) && waited < 5000;
      waited += 10
    ) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  return written;
}

const clientSecrets = {
  authorization: 'Bearer tok-123',
  cookie: 'session=sess-789',
  'x-api-key': 'k-456',
  'x-auth-token': 'xat-1',
  'proxy-authorization': 'Basic proxy-cred',
  'x-trace': 'visible-trace',
};

describe('request and error logs', () => {
  it('redact secret query parameters and auth-looking headers on the access line', async () => {
    const logs = await logsOf(
      '/ok?password=hunter2&token=tok-123&api_key=sk_live_abc&page=2',
      clientSecrets,
    );
    expect(logs).toContain('request completed');
    for (const secret of SECRETS) expect(logs).not.toContain(secret);
    expect(logs).toContain('page=2');
    expect(logs).toContain('visible-trace');
    expect(logs).toContain('[redacted]');
  });

  it('redact them in the error logged for a failed request too', async () => {
    const logs = await logsOf('/boom?secret=hunter2&client_secret=sk_live_abc', clientSecrets);
    expect(logs).toContain('request failed');
    expect(logs).toContain('boom');
    for (const secret of SECRETS) expect(logs).not.toContain(secret);
  });
});

/** The access line (the last line that has `responseTime`), parsed. */
function accessLine(logs: string): Record<string, unknown> & {
  req: Record<string, unknown>;
  res: { statusCode: number; headers: Record<string, unknown> };
} {
  const line = logs
    .trim()
    .split('\n')
    .reverse()
    .find((text) => text.includes('"responseTime"'));
  if (line === undefined) throw new Error(`no access line in:\n${logs}`);
  return JSON.parse(line) as ReturnType<typeof accessLine>;
}

describe('the access line', () => {
  it('is one JSON line with the request, the response and the time taken', async () => {
    const logs = await logsOf('/ok?page=2', { 'x-request-id': 'req-1', 'x-trace': 't' });
    expect(logs.trim().split('\n')).toHaveLength(1);
    const line = accessLine(logs);
    expect(line).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: {
        id: 'req-1',
        method: 'GET',
        url: '/ok?page=2',
        query: { page: '2' },
        headers: { 'x-trace': 't' },
        remoteAddress: expect.any(String),
        remotePort: expect.any(Number),
      },
      res: { statusCode: 200, headers: { 'x-request-id': 'req-1' } },
    });
    expect(Object.keys(line)).toEqual([
      'level',
      'time',
      'pid',
      'hostname',
      'req',
      'res',
      'responseTime',
      'msg',
    ]);
    expect(line.responseTime).toEqual(expect.any(Number));
  });

  it('is a warning for a 4xx and an error for a 5xx', async () => {
    expect(accessLine(await logsOf('/missing', {}))).toMatchObject({
      level: 40,
      msg: 'request completed',
      res: { statusCode: 404 },
    });
    expect(accessLine(await logsOf('/boom', {}))).toMatchObject({
      level: 50,
      msg: 'request errored',
      res: { statusCode: 500 },
    });
  });

  it('reads as one line for a person in the pretty format', async () => {
    const logs = await logsOf('/ok?token=tok-123', { 'x-request-id': 'req-2' }, 'GET', 'pretty');
    expect(logs).toMatch(/ GET \/ok\?token=\[redacted\] 200 \d+ms \(req-2\)\n$/);
  });

  it('keeps the method the client sent (HEAD) and redacts Set-Cookie', async () => {
    const line = accessLine(await logsOf('/cookie', {}, 'HEAD'));
    expect(line.req.method).toBe('HEAD');
    expect(line.res.headers['set-cookie']).toBe('[redacted]');
  });

  it('censors every Set-Cookie of a response that sets several', async () => {
    const logs = await logsOf('/cookies', {});
    expect(accessLine(logs).res.headers['set-cookie']).toBe('[redacted]');
    for (const secret of SECRETS) expect(logs).not.toContain(secret);
  });
});

describe('redactUrl', () => {
  it('keeps ordinary parameters and the path, censors secret-looking ones', () => {
    expect(redactUrl('/api/items?size=5&Password=x&access_token=y&key=z&flag')).toBe(
      '/api/items?size=5&Password=[redacted]&access_token=[redacted]&key=[redacted]&flag',
    );
    expect(redactUrl('/api/items')).toBe('/api/items');
    expect(redactUrl('/a?pass%77ord=x')).toBe('/a?pass%77ord=[redacted]');
  });
});
