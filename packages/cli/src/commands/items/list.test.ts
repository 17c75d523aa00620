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
});
