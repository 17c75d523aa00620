/**
 * Shared by every server test (core and orders): a real server on port 0 with a fresh in-memory
 * database, response validation on, and small helpers to log in and call the API.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_ADMIN, DEMO_CUSTOMER } from '../src/seed.js';
import { ONE_CLIENT_TEST_LIMITS } from '../src/domain/auth/limits.js';
import type { Db } from '../src/db/database.js';
import { startServer, type StartServerOptions } from '../src/server.js';

export interface TestServer {
  url: string;
  port: number;
  db: Db;
  close(): Promise<void>;
}

/**
 * Defaults: port 0, ':memory:', seeded, validateResponses true, silent logs. Every test client
 * is 127.0.0.1, so the per-client registration and spray limits are lifted (the per-email login
 * limit keeps its default).
 */
export function startTestServer(options: StartServerOptions = {}): Promise<TestServer> {
  return startServer({
    port: 0,
    db: ':memory:',
    validateResponses: true,
    ...options,
    authLimits: { ...ONE_CLIENT_TEST_LIMITS, ...options.authLimits },
  });
}

// Tests read response bodies freely (`res.body.items[0].itemId`); the response validator checks
// their shape, so a loose default type is the practical choice here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface ApiResponse<T = Json> {
  status: number;
  headers: Headers;
  /** Parsed JSON for JSON / problem+json responses, text otherwise ('' when empty). */
  body: T;
}

interface RequestOptions {
  headers?: Record<string, string>;
  /** Sent as-is (a string is not JSON-encoded; use it for malformed bodies). */
  rawBody?: string;
}

export interface Api {
  request<T = Json>(
    method: string,
    path: string,
    body?: unknown,
    options?: RequestOptions,
  ): Promise<ApiResponse<T>>;
  get<T = Json>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  post<T = Json>(path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>>;
  put<T = Json>(path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>>;
  delete<T = Json>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
}

/** A tiny fetch helper: `await api(url, token).post('/api/items', {...})`. */
export function api(baseUrl: string, token?: string): Api {
  const request = async <T>(
    method: string,
    path: string,
    body?: unknown,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = {};
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    let payload: string | undefined = options.rawBody;
    if (payload === undefined && body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers: { ...headers, ...options.headers },
      body: payload,
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    const parsed = text !== '' && /[/+]json\b/.test(type) ? (JSON.parse(text) as T) : (text as T);
    return { status: response.status, headers: response.headers, body: parsed };
  };
  return {
    request,
    get: (path, options) => request('GET', path, undefined, options),
    post: (path, body, options) => request('POST', path, body, options),
    put: (path, body, options) => request('PUT', path, body, options),
    delete: (path, options) => request('DELETE', path, undefined, options),
  };
}

const SEEDED = {
  admin: { email: DEFAULT_ADMIN.email, password: DEFAULT_ADMIN.password },
  customer: { email: DEMO_CUSTOMER.email, password: DEMO_CUSTOMER.password },
} as const;

export async function login(url: string, email: string, password: string): Promise<string> {
  const res = await api(url).post<{ token: string }>('/api/auth/login', { email, password });
  if (res.status !== 200)
    throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

/** A token for one of the seeded accounts (the server must have been started with seed). */
export const loginAs = (url: string, who: 'admin' | 'customer'): Promise<string> =>
  login(url, SEEDED[who].email, SEEDED[who].password);

export interface RegisteredCustomer {
  account: {
    accountId: string;
    email: string;
    username: string;
    paymentMethod: string;
    role: 'customer' | 'admin';
    [key: string]: unknown;
  };
  token: string;
  email: string;
  password: string;
}

/** Registers a fresh customer (unique email) and logs it in. */
export async function registerCustomer(
  url: string,
  overrides: Record<string, unknown> = {},
): Promise<RegisteredCustomer> {
  const email = (overrides.email as string | undefined) ?? `user-${randomUUID()}@example.com`;
  const password = (overrides.password as string | undefined) ?? 'test-password-1';
  const res = await api(url).post<RegisteredCustomer['account']>('/api/accounts', {
    username: 'Test Customer',
    ...overrides,
    email,
    password,
  });
  if (res.status !== 201)
    throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { account: res.body, token: await login(url, email, password), email, password };
}
