import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { duration, pastInstant } from './duration.js';

describe('duration', () => {
  const week = duration('expire-old-after', { max: 7 * 86_400_000 });

  it('reads the units people type', () => {
    expect(week('24h')).toBe(86_400_000);
    expect(week('30s')).toBe(30_000);
    expect(week('1.5h')).toBe(5_400_000);
    expect(week('7d')).toBe(7 * 86_400_000);
    expect(week('0s')).toBe(0);
  });

  it('refuses bare numbers, negatives, words and values out of range, naming the flag', () => {
    for (const bad of ['60', '-1h', 'soon', '', '8d']) {
      expect(() => week(bad)).toThrow(InvalidArgumentError);
    }
    expect(() => week('8d')).toThrow(
      /expire-old-after must be a duration of at most 7 days, e.g. 30s/,
    );
  });

  it('reads milliseconds and names both bounds when there is a minimum', () => {
    const forwardTimeout = duration('forward-timeout', { min: 100, max: 300_000 });
    expect(forwardTimeout('500ms')).toBe(500);
    expect(forwardTimeout('5m')).toBe(300_000);
    expect(() => forwardTimeout('50ms')).toThrow(
      /forward-timeout must be a duration from 100 ms to 5 minutes, e\.g\. 30s.*got "50ms"/,
    );
  });
});

describe('pastInstant', () => {
  const now = Date.parse('2026-12-07T12:00:00.000Z');
  const since = pastInstant('since', () => now);

  it('counts a duration back from now', () => {
    expect(since('1h')).toBe('2026-12-07T11:00:00.000Z');
  });

  it('takes an ISO timestamp or date as it is', () => {
    expect(since('2026-12-06T10:00:00Z')).toBe('2026-12-06T10:00:00.000Z');
    expect(since('2026-12-06')).toBe('2026-12-06T00:00:00.000Z');
  });

  it('refuses anything else with both forms in the message', () => {
    expect(() => since('yesterday')).toThrow(/duration before now .* or an ISO timestamp/);
    expect(() => since('2026-13-45')).toThrow(InvalidArgumentError);
  });
});
