import type { RequestHandler } from 'express';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
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

/** JSON lines, for anything that reads the log; or one readable line each, for a person. */
export type LogFormat = 'json' | 'pretty';

/** A terminal gets readable lines; a pipe, a file or a log collector gets JSON. */
export const logFormatFor = (stream: { isTTY?: boolean }): LogFormat =>
  stream.isTTY === true ? 'pretty' : 'json';

/** `destination` defaults to stdout; see `prettyDestination` for the readable format. */
export const createLogger = (level: LogLevel, destination?: DestinationStream): Logger =>
  pino({ level, redact: { paths: REDACT, censor: '[redacted]' } }, destination);

/**
 * pino-pretty writing to `destination` (default stdout), a request per line: `GET /api/items
 * 200 3ms (request id)`. It formats the JSON pino has already redacted. Loaded only when asked for.
 */
export async function prettyDestination(
  destination?: NodeJS.WritableStream,
): Promise<DestinationStream> {
  const { default: pretty } = await import('pino-pretty');
  return pretty({
    ...(destination === undefined ? { sync: true } : { destination, colorize: false }),
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,req,res,responseTime',
    messageFormat: (log, messageKey) => {
      const { req, res, responseTime } = log as {
        req?: { id?: string; method?: string; url?: string };
        res?: { statusCode?: number };
        responseTime?: number;
      };
      const message = String(log[messageKey] ?? '');
      if (req === undefined || res === undefined) return message;
      return `${req.method} ${req.url} ${res.statusCode} ${responseTime}ms (${req.id})`;
    },
  });
}

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
