import express from 'express';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { errorHandler } from './error-handler.js';
import { createLogger, redactUrl, requestLogger } from './logging.js';
import { requestId } from './request-id.js';

const SECRETS = ['hunter2', 'tok-123', 'sk_live_abc', 'k-456', 'sess-789', 'proxy-cred', 'xat-1'];

/** A real app with the real logger and error handler; returns every log line written. */
async function logsOf(path: string, headers: Record<string, string>): Promise<string> {
  let written = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  const logger = createLogger('info', sink);
  const app = express();
  app.use(requestId());
  app.use(requestLogger(logger));
  app.get('/ok', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/boom', () => {
    throw new Error('boom');
  });
  app.use(errorHandler(logger));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
    await res.text();
    // pino-http writes its line when the response finishes, which the client may see first.
    for (
      let waited = 0;
      !/request (completed|errored)/.test(written) && waited < 5000;
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

describe('redactUrl', () => {
  it('keeps ordinary parameters and the path, censors secret-looking ones', () => {
    expect(redactUrl('/api/items?size=5&Password=x&access_token=y&key=z&flag')).toBe(
      '/api/items?size=5&Password=[redacted]&access_token=[redacted]&key=[redacted]&flag',
    );
    expect(redactUrl('/api/items')).toBe('/api/items');
    expect(redactUrl('/a?pass%77ord=x')).toBe('/a?pass%77ord=[redacted]');
  });
});
