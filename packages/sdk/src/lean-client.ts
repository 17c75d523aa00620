import { createFinalURL, createQuerySerializer, mergeHeaders, type Client } from 'openapi-fetch';
import type { paths } from './generated/schema.js';
import { pathSerializer } from './path-serializer.js';

/** The methods the resources call, typed against the spec exactly as openapi-fetch types them. */
export type ResourceClient = Pick<Client<paths>, 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH'>;

/**
 * A request as the lean client hands it over: the fields `send` reads, already final (headers a
 * fresh `Headers` nobody else holds, the body a string), so nothing has to be copied or re-read.
 */
export class PlainRequest {
  constructor(
    readonly url: string,
    readonly method: string,
    readonly headers: Headers,
    readonly body: string | undefined,
  ) {}
}

/** What a resource passes per call; openapi-fetch's options, of which the resources use these. */
interface CallInit {
  params?: {
    path?: Record<string, unknown>;
    query?: Record<string, unknown>;
    header?: Record<string, unknown>;
  };
  headers?: Record<string, string>;
  body?: unknown;
  /** Per call (the call's RequestOptions); declared by openapi-fetch as taking a `Request`. */
  fetch?: (request: PlainRequest) => Promise<Response>;
}

type Result = { data?: unknown; error?: unknown; response: Response };

/**
 * The resources' client: openapi-fetch's URL, header and body serializers and its result shape,
 * behind its own types (so every resource call is still checked against the spec), without its
 * per-call machinery — a `Request` object, middleware, option merging — that a resource never
 * uses and that cost a visible share of a call. `shop.raw` stays the full openapi-fetch client.
 */
export function createResourceClient(options: {
  baseUrl: string;
  headers: Record<string, string>;
  send: (request: PlainRequest) => Promise<Response>;
}): ResourceClient {
  // Built once: openapi-fetch builds one per call when given options instead.
  const querySerializer = createQuerySerializer();
  const { baseUrl, headers: baseHeaders, send } = options;

  async function call(method: string, path: string, init: CallInit = {}): Promise<Result> {
    const { params = {}, body } = init;
    const url = createFinalURL(path, { baseUrl, params, querySerializer, pathSerializer });
    // openapi-fetch's order: a JSON body's Content-Type first, so any header given may replace it.
    const headers = mergeHeaders(
      body === undefined ? undefined : { 'Content-Type': 'application/json' },
      baseHeaders,
      init.headers,
      params.header as Record<string, string> | undefined,
    );
    // Every request body in the spec is JSON.
    const serialized = body === undefined ? undefined : JSON.stringify(body);
    const response = await (init.fetch ?? send)(new PlainRequest(url, method, headers, serialized));
    return parseResponse(response, method);
  }

  const bind =
    (method: string) =>
    (path: string, init?: CallInit): Promise<Result> =>
      call(method, path, init);
  return {
    GET: bind('GET'),
    PUT: bind('PUT'),
    POST: bind('POST'),
    DELETE: bind('DELETE'),
    PATCH: bind('PATCH'),
  } as unknown as ResourceClient;
}

/**
 * openapi-fetch's reading of a response (parseAs "json"): nothing for 204, HEAD or an empty
 * body; JSON data on success; on failure the body as JSON when it parses, else its text.
 */
async function parseResponse(response: Response, method: string): Promise<Result> {
  const contentLength = response.headers.get('Content-Length');
  if (
    response.status === 204 ||
    method === 'HEAD' ||
    (contentLength === '0' && !response.headers.get('Transfer-Encoding')?.includes('chunked'))
  ) {
    return response.ok ? { data: undefined, response } : { error: undefined, response };
  }
  if (response.ok) {
    if (contentLength) return { data: await response.json(), response };
    const text = await response.text();
    return { data: text ? (JSON.parse(text) as unknown) : undefined, response };
  }
  const text = await response.text();
  try {
    return { error: JSON.parse(text) as unknown, response };
  } catch {
    return { error: text, response };
  }
}
