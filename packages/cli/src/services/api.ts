import type { Context } from '../context.js';
import { client } from './client.js';

/** One raw call, as `shop api` builds it from its arguments. */
export interface ApiCall {
  method: string;
  /** The concrete path, without the query string. */
  path: string;
  query: Record<string, string | string[]>;
  body?: unknown;
  headers: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  statusText: string;
  headers: [string, string][];
  /** The parsed JSON body; the text when it is not JSON; undefined when empty. */
  body: unknown;
}

type RawRequest = (
  method: string,
  path: string,
  init: {
    params: { query: Record<string, string | string[]> };
    body?: unknown;
    headers: Record<string, string>;
    parseAs: 'text';
  },
) => Promise<{ data?: string; error?: unknown; response: Response }>;

/**
 * Sends one call through the SDK's raw client: the profile's token, its retries and timeouts, and
 * an Idempotency-Key on the operations that take one.
 */
export async function callApi(ctx: Context, call: ApiCall): Promise<ApiResponse> {
  const shop = await client(ctx);
  // The path is checked against the contract by the caller; the typed signature cannot know it.
  const request = shop.raw.request.bind(shop.raw) as unknown as RawRequest;
  const { data, error, response } = await request(call.method.toLowerCase(), call.path, {
    params: { query: call.query },
    ...(call.body !== undefined && { body: call.body }),
    headers: call.headers,
    parseAs: 'text',
  });
  return {
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers.entries()],
    body: response.ok ? parseBody(data) : error,
  };
}

function parseBody(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

interface PageShape {
  content: unknown[];
  last: boolean;
}

function isPage(body: unknown): body is PageShape {
  return (
    typeof body === 'object' &&
    body !== null &&
    Array.isArray((body as PageShape).content) &&
    typeof (body as PageShape).last === 'boolean'
  );
}

/**
 * Follows a paged list from its `page` query (default 0) to the last page. Stops at the first
 * response that is not a successful page and returns it, so the caller can report it.
 */
export async function callApiPages(
  ctx: Context,
  call: ApiCall,
): Promise<{ items: unknown[]; last: ApiResponse; pages: number }> {
  const start = Number(call.query.page ?? 0);
  const items: unknown[] = [];
  for (let page = start; ; page++) {
    const response = await callApi(ctx, { ...call, query: { ...call.query, page: String(page) } });
    if (response.status >= 300 || !isPage(response.body))
      return { items, last: response, pages: page - start };
    items.push(...response.body.content);
    // An empty page ends the walk too, in case the collection shrank under us.
    if (response.body.last || response.body.content.length === 0)
      return { items, last: response, pages: page - start + 1 };
  }
}
