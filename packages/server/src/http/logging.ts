import type { Request, RequestHandler, Response } from 'express';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';

export type LogLevel = Level | 'silent';

const CENSOR = '[redacted]';

/**
 * Fields that must never reach a log line. The access line is censored as it is built instead
 * (`loggedRequest`, `loggedResponse`), so it is written without pino's path redaction.
 */
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
  // for…in rather than Object.entries: no array per entry on every logged request
  for (const name in entries) {
    if (Object.hasOwn(entries, name))
      out[name] = isSecretName(name) ? CENSOR : (entries[name] as T);
  }
  return out;
};

/** The request as logged: the fields pino's standard request serializer writes. */
interface LoggedRequest {
  id: string;
  method: string;
  url: string;
  query: Record<string, unknown>;
  params: Record<string, unknown>;
  headers: Record<string, unknown>;
  remoteAddress: string | undefined;
  remotePort: number | undefined;
}

/**
 * The request as logged (the access line and every error logged for it), secrets redacted.
 * `method` is passed in because the app answers HEAD as GET and the log keeps what was sent.
 */
export function loggedRequest(req: Request, res: Response, method = req.method): LoggedRequest {
  const query = req.query as Record<string, unknown> | undefined;
  return {
    id: String((res.locals as { requestId?: string }).requestId ?? ''),
    method,
    url: redactUrl(req.originalUrl),
    query: query && typeof query === 'object' ? redactEntries(query) : {},
    params: req.params ?? {},
    headers: redactEntries(req.headers),
    remoteAddress: req.socket.remoteAddress,
    remotePort: req.socket.remotePort,
  };
}

/** The response as logged: its status (null if no header was sent) and headers, Set-Cookie censored. */
function loggedResponse(res: Response): {
  statusCode: number | null;
  headers: Record<string, unknown>;
} {
  const headers: Record<string, unknown> = res.getHeaders();
  if (headers['set-cookie'] !== undefined) headers['set-cookie'] = CENSOR;
  return { statusCode: res.headersSent ? res.statusCode : null, headers };
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

const accessLevel = (status: number): Level =>
  status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';

/**
 * One line per request, written once when the response is done (or the connection closed first),
 * tagged with the request id `requestId()` chose. The line has pino-http's shape (`req`, `res`,
 * `responseTime`, "request completed" / "request errored" / "request aborted"), built in one log
 * call: pino-http's per-request child logger and wrapped serializers were a large share of a read.
 */
export function requestLogger(logger: Logger): RequestHandler {
  // The line is censored as it is built, so pino's path redaction, which clones and walks every
  // line it writes, would find nothing: the access line skips it (see ADR 0071).
  const access = logger.child({}, { redact: { paths: [] } });
  return (req, res, next) => {
    const started = Date.now();
    const method = req.method;
    res.once('close', () => {
      const status = res.statusCode;
      const level = accessLevel(status);
      if (!access.isLevelEnabled(level)) return;
      const line = {
        req: loggedRequest(req, res, method),
        res: loggedResponse(res),
        responseTime: Date.now() - started,
      };
      const message =
        status >= 500
          ? 'request errored'
          : res.writableFinished && !req.readableAborted
            ? 'request completed'
            : 'request aborted';
      access[level](line, message);
    });
    next();
  };
}
