import { InvalidArgumentError } from 'commander';
import ms from 'ms';

/** The units `ms` reads, for the error messages. */
const EXAMPLES = 'e.g. 30s, 10m, 24h or 7d';

const range = (min: number, max: number): string =>
  max === Number.MAX_SAFE_INTEGER
    ? min > 0
      ? `of at least ${ms(min, { long: true })}`
      : ''
    : min > 0
      ? `from ${ms(min, { long: true })} to ${ms(max, { long: true })}`
      : `of at most ${ms(max, { long: true })}`;

/**
 * Reads a duration flag (`30s`, `10m`, `24h`, `7d`) into milliseconds, within [min, max]. A bare
 * number is refused: whether `60` means seconds or milliseconds is a guess a flag should not make.
 */
export function duration(
  name: string,
  { min = 0, max = Number.MAX_SAFE_INTEGER }: { min?: number; max?: number } = {},
) {
  return (value: string): number => {
    const text = value.trim();
    const parsed = /\d\s*[a-z]+$/i.test(text) ? ms(text as ms.StringValue) : undefined;
    if (parsed === undefined || !Number.isFinite(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(
        `${name} must be a duration${range(min, max) && ` ${range(min, max)}`}, ${EXAMPLES}; got "${value}".`,
      );
    }
    return parsed;
  };
}

const ISO_DATE =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Reads an instant in the past as a duration before now (`1h`) or an ISO 8601 timestamp
 * (`2026-12-06T10:00:00Z`; a date alone is midnight UTC); returns it as an ISO timestamp.
 */
export function pastInstant(name: string, now: () => number = Date.now) {
  const ago = duration(name, { max: 366 * 86_400_000 });
  return (value: string): string => {
    const text = value.trim();
    if (ISO_DATE.test(text) && !Number.isNaN(Date.parse(text))) {
      return new Date(Date.parse(text)).toISOString();
    }
    try {
      return new Date(now() - ago(text)).toISOString();
    } catch {
      throw new InvalidArgumentError(
        `${name} must be a duration before now (${EXAMPLES}) or an ISO timestamp such as 2026-12-06T10:00:00Z; got "${value}".`,
      );
    }
  };
}
