/** A small fetch wrapper for raw HTTP: the suites need to send bodies the SDK never would. */
import { expect } from 'vitest';

export interface Reply {
  status: number;
  headers: Headers;
  /** The raw body text ('' when empty). */
  text: string;
  /** Parsed JSON when the content type is JSON-ish and the text parses; otherwise undefined. */
  // Reliability checks read arbitrary members of arbitrary responses.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface SendOptions {
  token?: string;
  /** JSON-encoded and sent with content-type application/json. */
  json?: unknown;
  /** Sent as-is (text or bytes, e.g. a gzip stream); set the content type yourself in `headers`. */
  rawBody?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
  /** Abort (a transport error) if no answer comes within this time; default 15 s. */
  timeoutMs?: number;
}

export async function send(
  baseUrl: string,
  method: string,
  path: string,
  options: SendOptions = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | Uint8Array<ArrayBuffer> | undefined = options.rawBody;
  if (body === undefined && options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  }
  // `path` is used verbatim (no URL normalisation of ../ or %2e) so path tricks reach the server.
  const response = await fetch(baseUrl + path, {
    method,
    headers: { ...headers, ...options.headers },
    body,
    signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  let parsed: unknown;
  if (text !== '' && /[/+]json\b/.test(type)) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

/** A client bound to a base URL and (optionally) a token. */
export function client(baseUrl: string, token?: string) {
  const call = (method: string, path: string, options: SendOptions = {}) =>
    send(baseUrl, method, path, { token, ...options });
  return {
    get: (path: string, options?: SendOptions) => call('GET', path, options),
    post: (path: string, json?: unknown, options?: SendOptions) =>
      call('POST', path, { json, ...options }),
    put: (path: string, json?: unknown, options?: SendOptions) =>
      call('PUT', path, { json, ...options }),
    delete: (path: string, options?: SendOptions) => call('DELETE', path, options),
  };
}

/** Why `reply` is not an RFC 9457 problem as the contract defines it, or undefined if it is. */
export function problemDefect(reply: Reply): string | undefined {
  const type = reply.headers.get('content-type') ?? '';
  if (!type.startsWith('application/problem+json')) return `content-type is "${type}"`;
  const body = reply.body as Record<string, unknown> | undefined;
  if (body === undefined || typeof body !== 'object' || body === null) return 'body is not JSON';
  for (const key of ['type', 'title', 'detail', 'code'] as const) {
    if (typeof body[key] !== 'string' || body[key] === '') return `body.${key} missing or empty`;
  }
  if (body.status !== reply.status) return `body.status ${String(body.status)} ≠ ${reply.status}`;
  if (body.type !== `urn:shop:problem:${String(body.code)}`) return `type/code mismatch`;
  return undefined;
}

/** Asserts a problem+json reply with this status (and code, if given). */
export function expectProblem(reply: Reply, status: number, code?: string): void {
  const context = `${reply.status} ${reply.text.slice(0, 300)}`;
  expect(reply.status, context).toBe(status);
  expect(problemDefect(reply), context).toBeUndefined();
  if (code !== undefined) expect(reply.body.code, context).toBe(code);
}
