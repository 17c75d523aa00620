/** Checks of problem+json replies shared by the suites (HTTP itself is @shop/test-kit's). */
import type { Reply } from '@shop/test-kit';
import { expect } from 'vitest';

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
