import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseSort } from './list.js';

describe('--sort', () => {
  it('takes a field with an optional direction or a leading minus', () => {
    expect(parseSort('unitPrice')).toEqual({ sortBy: 'unitPrice', sortDir: 'asc' });
    expect(parseSort('unitPrice:desc')).toEqual({ sortBy: 'unitPrice', sortDir: 'desc' });
    expect(parseSort('-createdAt')).toEqual({ sortBy: 'createdAt', sortDir: 'desc' });
  });

  it.each(['price', 'unitPrice:up', '-unitPrice:asc', ''])('rejects %j', (value) => {
    expect(() => parseSort(value)).toThrow(InvalidArgumentError);
  });

  it("offers exactly the contract's sort fields, in its order", () => {
    const contract = readFileSync(new URL('../../../../../openapi.yaml', import.meta.url), 'utf8');
    const listed = /\n {4}ItemSortBy:\n(?: {6}.*\n)*? {8}enum: \[([^\]]+)\]/
      .exec(contract)?.[1]
      ?.split(',')
      .map((field) => field.trim());
    expect(listed?.length).toBeGreaterThan(0);
    for (const field of listed ?? []) expect(parseSort(field).sortBy).toBe(field);
    expect(() => parseSort('nope')).toThrow(`sort must be one of ${listed?.join(', ')},`);
  });
});
