import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startInProcess, type RunningServer } from '@shop/test-kit';
import { DomainError } from '../domain/errors.js';
import { bodyParserProblem, MAX_JSON_DEPTH, nestsDeeperThan } from './validator.js';

/** The shape body-parser's errors have (http-errors with a status and a `type`). */
const parserError = (status: number, props: Record<string, unknown> = {}): Error =>
  Object.assign(new Error('from body-parser'), { status, ...props });

describe('bodyParserProblem: every body-parser error is a documented problem', () => {
  const codeOf = (error: unknown) => (error instanceof DomainError ? error.code : 'unexpected');
  const cases: [string, Error, string][] = [
    ['bad JSON', parserError(400, { type: 'entity.parse.failed' }), 'request.malformed_json'],
    ['too large', parserError(413, { type: 'entity.too.large' }), 'request.too_large'],
    [
      'unknown coding',
      parserError(415, { type: 'encoding.unsupported', encoding: 'compress' }),
      'request.unsupported_media_type',
    ],
    [
      'unknown charset',
      parserError(415, { type: 'charset.unsupported' }),
      'request.unsupported_media_type',
    ],
    ['wrong length', parserError(400, { type: 'request.size.invalid' }), 'request.malformed'],
    ['aborted', parserError(400, { type: 'request.aborted' }), 'request.malformed'],
    [
      'bytes that do not inflate (zlib error, no type)',
      parserError(400, { code: 'Z_DATA_ERROR' }),
      'request.malformed',
    ],
    // Its own misuse would be our bug: it stays a 500.
    ['stream not readable', parserError(500, { type: 'stream.not.readable' }), 'unexpected'],
  ];
  for (const [name, error, code] of cases) {
    it(`${name} → ${code}`, () => expect(codeOf(bodyParserProblem(error))).toBe(code));
  }
});

describe('nestsDeeperThan', () => {
  const nested = (depth: number): unknown => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
    return value;
  };
  it('counts arrays and objects, not scalars; handles 100,000 levels without recursion', () => {
    expect(nestsDeeperThan(1, 0)).toBe(false);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    expect(nestsDeeperThan(nested(100_000), MAX_JSON_DEPTH)).toBe(true);
    expect(nestsDeeperThan({ a: [1, 2, { b: [] }], c: 'x' }, 4)).toBe(false);
    expect(nestsDeeperThan({ a: [1, 2, { b: [] }], c: 'x' }, 3)).toBe(true);
  });
});

describe('request bodies over HTTP', () => {
  let server: RunningServer;
  let adminToken: string;
  beforeAll(async () => {
    server = await startInProcess();
    adminToken = await loginAs(server.url, 'admin');
  });
  afterAll(() => server.close());

  const post = (
    path: string,
    body: string | Uint8Array<ArrayBuffer>,
    headers: Record<string, string> = {},
  ) =>
    fetch(new URL(path, server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    }).then(async (res) => ({
      status: res.status,
      body: (await res.json()) as Record<string, unknown>,
    }));

  it('gzip bytes that do not inflate: 400 request.malformed, not 500', async () => {
    const res = await post('/api/auth/login', 'not gzip', { 'content-encoding': 'gzip' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('request.malformed');
  });

  it('a gzip body that does inflate is read', async () => {
    const res = await post(
      '/api/auth/login',
      gzipSync(JSON.stringify({ email: 'admin@shop.local', password: 'admin-password' })),
      { 'content-encoding': 'gzip' },
    );
    expect(res.status).toBe(200);
  });

  it(`nesting: ${MAX_JSON_DEPTH} levels reach validation, ${MAX_JSON_DEPTH + 1} are refused`, async () => {
    const metadata = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
    // body object (1) + metadata object (2) + "x": arrays
    const item = (levels: number) =>
      `{"upc":"700000000001","itemName":"Deep","unitPrice":1,"metadata":{"x":${metadata(levels)}}}`;
    const ok = await post('/api/items', item(MAX_JSON_DEPTH - 2), {
      authorization: `Bearer ${adminToken}`,
    });
    expect(ok.status).toBe(201);
    const deep = await post('/api/items', item(MAX_JSON_DEPTH - 1), {
      authorization: `Bearer ${adminToken}`,
    });
    expect(deep.status).toBe(400);
    expect(deep.body.code).toBe('request.malformed');
  });
});
