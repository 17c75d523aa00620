import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseTimeout } from './trigger.js';

describe('--timeout durations', () => {
  it('reads ms, s and m like every duration flag', () => {
    expect(parseTimeout('500ms')).toBe(500);
    expect(parseTimeout('30s')).toBe(30_000);
    expect(parseTimeout('2m')).toBe(120_000);
  });

  it('refuses bare numbers, other shapes and values out of range', () => {
    for (const bad of ['', '45', '2h', '-5s', '10ms', '61m', 'soon']) {
      expect(() => parseTimeout(bad), bad).toThrow(InvalidArgumentError);
    }
  });
});
