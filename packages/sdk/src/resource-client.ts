import type { Client } from 'openapi-fetch';
import type { paths } from './generated/schema.js';

/**
 * The verbs the resources call, typed and shaped (`{ data, error, response }`) like openapi-fetch's
 * client, but a few straight steps per call: openapi-fetch re-merges its options, headers (twice)
 * and serializers on every call, which cost more than the SDK's own work on a fast request.
 */
export type ResourceClient = Pick<Client<paths>, 'GET' | 'POST' | 'PUT' | 'DELETE'>;

/**
 * What `send` reads of a request, in place of a `Request` (building one costs more than a call
 * may add): the headers are a fresh `Headers` and the body a string, both the call's own.
 */
export class ResourceRequest {
  readonly signal = null;
  constructor(
    readonly url: string,
    readonly method: string,
    readonly headers: Headers,
    readonly body: string | null,
  ) {}
}

type HeaderValue = string | number | boolean | null | undefined;

/** The parts of openapi-fetch's per-call options the resources use. */
interface CallInit {
  params?: {
    path?: Record<string, unknown>;
    query?: Record<string, unknown>;
    header?: Record<string, HeaderValue>;
  };
  body?: unknown;
  headers?: Record<string, HeaderValue>;
  fetch?: (request: ResourceRequest) => Promise<Response>;
}

/** `/api/items/{itemId}` → a function filling in the path parameters (simple style, encoded). */
function compilePath(template: string): (path: Record<string, unknown> | undefined) => string {
  const parts = template.split(/\{([^}]+)\}/);
  if (parts.length === 1) return () => template;
  return (path) => {
    let url = parts[0]!;
    for (let i = 1; i < parts.length; i += 2) {
      url += encodeURIComponent(String(path?.[parts[i]!])) + parts[i + 1]!;
    }
    return url;
  };
}

/** openapi-fetch's default query style (form, explode); no query parameter here is an object. */
function serializeQuery(query: Record<string, unknown>): string {
  let search = '';
  for (const name in query) {
    const value = query[name];
    if (value === undefined || value === null) continue;
    for (const one of Array.isArray(value) ? (value as unknown[]) : [value]) {
      search += `${search ? '&' : '?'}${encodeURIComponent(name)}=${encodeURIComponent(String(one))}`;
    }
  }
  return search;
}

function setHeaders(headers: Headers, values: Record<string, HeaderValue> | undefined): void {
  for (const name in values) {
    const value = values[name];
    // As openapi-fetch: null removes a header, undefined leaves it.
    if (value === null) headers.delete(name);
    else if (value !== undefined) headers.set(name, String(value));
  }
}

/** Reads the body as openapi-fetch does: nothing on 204 or an empty body, JSON otherwise. */
async function result(
  response: Response,
): Promise<{ data?: unknown; error?: unknown; response: Response }> {
  const length = response.headers.get('content-length');
  if (
    response.status === 204 ||
    (length === '0' && !response.headers.get('transfer-encoding')?.includes('chunked'))
  ) {
    return response.ok ? { data: undefined, response } : { error: undefined, response };
  }
  if (response.ok) {
    if (length) return { data: await response.json(), response };
    const text = await response.text();
    return { data: text ? JSON.parse(text) : undefined, response };
  }
  // Error bodies may be problem JSON, other text or nothing: the caller sorts them out.
  const text = await response.text();
  try {
    return { error: JSON.parse(text), response };
  } catch {
    return { error: text, response };
  }
}

export function createResourceClient(config: {
  baseUrl: string;
  headers: Record<string, string>;
  fetch: (request: ResourceRequest) => Promise<Response>;
}): ResourceClient {
  const base = Object.entries(config.headers);
  const paths = new Map<string, ReturnType<typeof compilePath>>();

  async function call(method: string, template: string, init: CallInit = {}): Promise<unknown> {
    let path = paths.get(template);
    if (path === undefined) paths.set(template, (path = compilePath(template)));
    const { params, body } = init;
    const query = params?.query ? serializeQuery(params.query) : '';
    const headers = new Headers(base);
    const json = body === undefined ? null : JSON.stringify(body);
    if (json !== null && !headers.has('content-type'))
      headers.set('content-type', 'application/json');
    setHeaders(headers, init.headers);
    setHeaders(headers, params?.header);
    const request = new ResourceRequest(
      config.baseUrl + path(params?.path) + query,
      method,
      headers,
      json,
    );
    return result(await (init.fetch ?? config.fetch)(request));
  }

  // The casts: openapi-fetch's per-path overloads are what the callers see; `call` does them all.
  return {
    GET: (template: string, init?: CallInit) => call('GET', template, init),
    POST: (template: string, init?: CallInit) => call('POST', template, init),
    PUT: (template: string, init?: CallInit) => call('PUT', template, init),
    DELETE: (template: string, init?: CallInit) => call('DELETE', template, init),
  } as unknown as ResourceClient;
}
