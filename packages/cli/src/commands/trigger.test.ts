import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseDuration } from './trigger.js';

describe('--timeout durations', () => {
  it('reads ms, s and m, and plain seconds', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('45')).toBe(45_000);
  });

  it('refuses other shapes and values out of range', () => {
    for (const bad of ['', '1h', '-5s', '1.5s', '10ms', '61m', 'soon']) {
      expect(() => parseDuration(bad), bad).toThrow(InvalidArgumentError);
    }
  });
});
