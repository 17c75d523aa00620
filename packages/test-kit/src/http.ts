/** The one raw HTTP client of the tests: bodies and headers the SDK would never send. */
import { request } from 'node:http';

export interface Reply<T = Json> {
  status: number;
  headers: Headers;
  /** The raw body text ('' when empty). */
  text: string;
  /**
   * Parsed JSON for a JSON-ish content type whose text parses; otherwise the text itself, so a
   * test reads an HTML page or a malformed JSON reply from the same field.
   */
  body: T;
}

// Tests read arbitrary members of arbitrary responses (`res.body.items[0].itemId`); the server's
// response validator checks their shape, so a loose default is the practical choice.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface SendOptions {
  /** Sent as `Authorization: Bearer <token>`; overrides the client's token. */
  token?: string;
  /** JSON-encoded and sent with content-type application/json. */
  json?: unknown;
  /** Sent as-is (text or bytes, e.g. a gzip stream); set the content type yourself in `headers`. */
  rawBody?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
  /** Abort (a transport error) if no answer comes within this time; default 15 s. */
  timeoutMs?: number;
}

export async function send<T = Json>(
  baseUrl: string,
  method: string,
  path: string,
  options: SendOptions = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | Uint8Array<ArrayBuffer> | undefined = options.rawBody;
  if (body === undefined && options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  }
  // Concatenated, not `new URL(path, base)`: a query or odd path reaches fetch as written (fetch
  // still normalises ../ and %2e: `rawRequest` below sends those byte-for-byte).
  const response = await fetch(baseUrl.replace(/\/$/, '') + path, {
    method,
    headers: { ...headers, ...options.headers },
    body,
    signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: parse(text, response) };
}

function parse(text: string, response: Response): Json {
  if (text === '' || !/[/+]json\b/.test(response.headers.get('content-type') ?? '')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export interface Client {
  request<T = Json>(method: string, path: string, options?: SendOptions): Promise<Reply<T>>;
  get<T = Json>(path: string, options?: SendOptions): Promise<Reply<T>>;
  post<T = Json>(path: string, json?: unknown, options?: SendOptions): Promise<Reply<T>>;
  put<T = Json>(path: string, json?: unknown, options?: SendOptions): Promise<Reply<T>>;
  delete<T = Json>(path: string, options?: SendOptions): Promise<Reply<T>>;
}

/** A client bound to a base URL and (optionally) a token: `await client(url, token).post(...)`. */
export function client(baseUrl: string, token?: string): Client {
  const request = <T>(method: string, path: string, options: SendOptions = {}) =>
    send<T>(baseUrl, method, path, { token, ...options });
  return {
    request,
    get: (path, options) => request('GET', path, options),
    post: (path, json, options) => request('POST', path, { json, ...options }),
    put: (path, json, options) => request('PUT', path, { json, ...options }),
    delete: (path, options) => request('DELETE', path, options),
  };
}

export interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * The request target sent byte-for-byte over node:http, for path tricks (`../`, `%2e%2e`) that
 * fetch would normalise before they reach the server.
 */
export function rawRequest(
  baseUrl: string,
  method: string,
  target: string,
  headers: Record<string, string> = {},
  deadlineMs = 10_000,
): Promise<RawReply> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname, port, method, path: target, headers, timeout: deadlineMs },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`${method} ${target}: no answer in ${deadlineMs} ms`)),
    );
    req.on('error', reject);
    req.end();
  });
}
