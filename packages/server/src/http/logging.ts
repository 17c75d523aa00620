import type { RequestHandler } from 'express';
import { pino, type Level, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

export type LogLevel = Level | 'silent';

/** Headers and fields that must never reach a log line. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
];

export const createLogger = (level: LogLevel): Logger =>
  pino({ level, redact: { paths: REDACT, censor: '[redacted]' } });

/** One line per request, tagged with the request id `requestId()` chose. */
export function requestLogger(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (_req, res) =>
      String((res as { locals?: { requestId?: string } }).locals?.requestId ?? ''),
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
  });
}
