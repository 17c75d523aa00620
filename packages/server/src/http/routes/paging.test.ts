import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { pageQuery } from './paging.js';

const query = (q: Record<string, string>) => pageQuery({ query: q } as unknown as Request);

describe('pageQuery', () => {
  it('defaults to page 0 of 20', () => {
    expect(query({})).toEqual({ page: 0, size: 20 });
    expect(query({ page: '3', size: '7' })).toEqual({ page: 3, size: 7 });
  });

  it('clamps absurd pages so the SQL offset stays a safe integer', () => {
    for (const page of ['1e308', '1e21', '6.307987568487085e+257']) {
      const { page: clamped, size } = query({ page, size: '32' });
      expect(Number.isSafeInteger(clamped * size)).toBe(true);
    }
  });
});
