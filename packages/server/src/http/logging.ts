import type { RequestHandler } from 'express';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

export type LogLevel = Level | 'silent';

const CENSOR = '[redacted]';

/** Fields that must never reach a log line (request fields are handled by `redactRequest`). */
const REDACT = ['res.headers["set-cookie"]', '*.password', '*.passwordHash'];

/**
 * Names of headers and query parameters whose values are taken for secrets: whatever a client
 * may put a credential in (`Authorization`, `Proxy-Authorization`, `Cookie`, `X-Api-Key`,
 * `X-Auth-Token`, `?password=`, `?token=`, `?api_key=`, `?key=`, `?client_secret=` …). Matching
 * by pattern, not a fixed list, because clients invent their own names.
 */
const SECRET_NAME =
  /pass|secret|token|auth|cookie|session|credential|signature|api[-_]?key|private|jwt|bearer|^key$|^sig$|^code$/i;

const isSecretName = (name: string): boolean => SECRET_NAME.test(name);

/** `url` with the value of every secret-looking query parameter replaced. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // an undecodable name is judged as sent
      }
      return isSecretName(name) && eq >= 0 ? `${rawName}=${CENSOR}` : pair;
    })
    .join('&');
  return `${url.slice(0, at)}?${query}`;
}

const redactEntries = <T>(entries: Record<string, T>): Record<string, T | string> => {
  const out: Record<string, T | string> = {};
  for (const [name, value] of Object.entries(entries)) {
    out[name] = isSecretName(name) ? CENSOR : value;
  }
  return out;
};

interface SerializedRequest {
  url?: string;
  query?: Record<string, unknown>;
  headers?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The request as logged (the access line and every error logged for it). */
function redactRequest(req: SerializedRequest): SerializedRequest {
  return {
    ...req,
    ...(typeof req.url === 'string' ? { url: redactUrl(req.url) } : {}),
    ...(req.query && typeof req.query === 'object' ? { query: redactEntries(req.query) } : {}),
    ...(req.headers ? { headers: redactEntries(req.headers) } : {}),
  };
}

/** `destination` defaults to stdout (tests pass a stream to read the lines back). */
export const createLogger = (level: LogLevel, destination?: DestinationStream): Logger =>
  pino({ level, redact: { paths: REDACT, censor: CENSOR } }, destination);

/** JSON lines, for anything that reads the log; or one readable line each, for a person. */
export type LogFormat = 'json' | 'pretty';

/** A terminal gets readable lines; a pipe, a file or a log collector gets JSON. */
export const logFormatFor = (stream: { isTTY?: boolean }): LogFormat =>
  stream.isTTY === true ? 'pretty' : 'json';

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
    serializers: { req: redactRequest },
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
  });
}
