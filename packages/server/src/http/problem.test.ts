import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findSpecPath } from '../package-files.js';
import { DomainError } from '../domain/errors.js';
import { buildProblem, problemFor } from './problem.js';

const srcDir = fileURLToPath(new URL('..', import.meta.url));
const families =
  'account|auth|event|events|fault|idempotency|inventory|item|method|order|payment|request|route|validation|webhook_endpoint';

/** The contract's event types (`order.paid` …): dotted literals too, but not problem codes. */
const eventTypes = (
  parse(readFileSync(findSpecPath(), 'utf8')) as {
    components: { schemas: { EventType: { enum: string[] } } };
  }
).components.schemas.EventType.enum;

// body-parser's error types, matched in validator.ts, look like codes but never reach a body.
const notCodes = new Set(['request.aborted', ...eventTypes]);

/** Every problem code written as a literal in the server's sources (tests aside). */
function codesInSources(): Set<string> {
  const codes = new Set<string>();
  const files = readdirSync(srcDir, { recursive: true, encoding: 'utf8' }).filter(
    (file) => /\.(ts|js)$/.test(file) && !/\.test\./.test(file),
  );
  for (const file of files) {
    const text = readFileSync(join(srcDir, file), 'utf8');
    for (const match of text.matchAll(new RegExp(`'((?:${families})\\.[a-z_]+)'`, 'g'))) {
      if (!notCodes.has(match[1] ?? '')) codes.add(match[1] ?? '');
    }
  }
  return codes;
}

describe('problem bodies', () => {
  it("give every code the server emits the contract table's title", () => {
    const codes = codesInSources();
    expect(codes.size).toBeGreaterThan(20);
    expect(codes.has('events.cursor_expired')).toBe(true);
    const untitled = [...codes].filter(
      (code) => buildProblem(500, code, 'd').title === 'Internal Server Error',
    );
    expect(untitled).toEqual([]);
  });

  it("map a domain error to its code's status, and an unknown code to a generic 500", () => {
    const known = problemFor(new DomainError('order.not_found', 'Order o1 was not found.'), {
      requestId: 'r1',
    });
    expect(known).toMatchObject({ status: 404, title: 'Order not found', code: 'order.not_found' });
    const unknown = problemFor(new DomainError('toString', 'leaks?'), { requestId: 'r1' });
    expect(unknown).toMatchObject({ status: 500, code: 'internal' });
    expect(unknown.detail).not.toContain('leaks');
  });

  it("place a domain error's fields in the request body, as the validator's field errors are", () => {
    const one = new DomainError(
      'validation.failed',
      'unitPrice must be cents.',
      {},
      {
        fields: [{ field: 'unitPrice', message: 'must be cents' }],
      },
    );
    expect(problemFor(one, { requestId: 'r1' })).toMatchObject({
      status: 400,
      code: 'validation.failed',
      detail: 'The request has 1 invalid value: /body/unitPrice must be cents.',
      errors: [{ path: '/body/unitPrice', message: 'must be cents' }],
      requestId: 'r1',
    });
    const nested = new DomainError(
      'validation.failed',
      'Two invalid values.',
      {},
      {
        fields: [
          { field: 'items/0/quantity', message: 'must be positive' },
          { field: 'note', message: 'is too long' },
        ],
      },
    );
    expect(problemFor(nested)).toMatchObject({
      detail: 'The request has 2 invalid values; see errors[].',
      errors: [
        { path: '/body/items/0/quantity', message: 'must be positive' },
        { path: '/body/note', message: 'is too long' },
      ],
    });
  });
});
