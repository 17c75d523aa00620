/** Delays before each attempt: immediately, then after each failure (Standard Webhooks' own). */
export const DEFAULT_SCHEDULE_MS: readonly number[] = [
  0,
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3600_000,
  5 * 3600_000,
  10 * 3600_000,
  14 * 3600_000,
  20 * 3600_000,
  24 * 3600_000,
];

/** `--webhook-schedule fast`: the whole schedule in about 3 s, for tests. */
export const FAST_SCHEDULE_MS: readonly number[] = [0, 100, 200, 400, 800, 1600];

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3600_000, d: 86_400_000 };

/** A duration like `250ms`, `5s`, `30m`, `2h`, `30d` (a bare number is milliseconds). */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match?.[1]) throw new Error(`"${text}" is not a duration (e.g. 500ms, 5s, 30m, 2h, 30d)`);
  return Math.round(Number(match[1]) * (UNIT_MS[match[2] ?? 'ms'] ?? 1));
}

/** `fast`, `default`, or a comma-separated list of durations (`0,1s,5s`). */
export function parseSchedule(spec: string): readonly number[] {
  if (spec === 'fast') return FAST_SCHEDULE_MS;
  if (spec === 'default') return DEFAULT_SCHEDULE_MS;
  const delays = spec.split(',').map(parseDuration);
  if (delays.length === 0) throw new Error('the schedule needs at least one attempt');
  return delays;
}

/**
 * The delay before attempt number `attempt` (1-based), ±20 % jitter so receivers that failed
 * together are not retried together; undefined when the schedule is exhausted.
 */
export function delayBefore(
  schedule: readonly number[],
  attempt: number,
  random: () => number = Math.random,
): number | undefined {
  const base = schedule[attempt - 1];
  if (base === undefined) return undefined;
  return Math.round(base * (0.8 + 0.4 * random()));
}
