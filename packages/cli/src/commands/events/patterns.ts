import { InvalidArgumentError, Option } from 'commander';
import type { EventTypePattern } from '@shop/sdk';
import { completeWith } from '../../completion.js';
import { EVENT_PATTERNS } from '../../services/events.js';

/** `order.*,payment.failed`: event types, families or `*`, checked before any request. */
function parsePatterns(flag: string) {
  return (value: string): EventTypePattern[] => {
    const patterns = value
      .split(',')
      .map((pattern) => pattern.trim())
      .filter(Boolean);
    const unknown = patterns.find((p) => !(EVENT_PATTERNS as readonly string[]).includes(p));
    if (patterns.length === 0 || unknown !== undefined) {
      throw new InvalidArgumentError(
        `${flag} takes event types separated by commas, e.g. order.paid,payment.* or *; ${unknown === undefined ? 'got none' : `"${unknown}" is not one`} (Tab completes them).`,
      );
    }
    return patterns as EventTypePattern[];
  };
}

/** `--type` / `--events`: the contract's event types, completed and checked. */
export function patternsOption(flags: string, description: string): Option {
  const name = /--(\w+)/.exec(flags)?.[1] ?? flags;
  return completeWith(
    new Option(flags, description).argParser(parsePatterns(name)),
    EVENT_PATTERNS,
  );
}
