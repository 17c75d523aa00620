import type { EventTypePattern, ShopEventType } from '@shop/sdk';
import { InvalidArgumentError, Option } from 'commander';
import { completeWith } from './completion.js';

/**
 * Every event type of the contract, in its order. A type added to the spec fails the build here,
 * so what the flags check and complete never drifts from it.
 */
const TYPES = {
  'order.created': true,
  'order.failed': true,
  'order.paid': true,
  'order.payment_failed': true,
  'order.cancelled': true,
  'order.refunded': true,
  'payment.created': true,
  'payment.succeeded': true,
  'payment.failed': true,
  'payment.refunded': true,
  'webhook_endpoint.disabled': true,
  ping: true,
} as const satisfies Record<ShopEventType, true>;

const EVENT_TYPES = Object.keys(TYPES) as ShopEventType[];

/** What `--type` and `--events` accept (and complete to): a type, a family (`order.*`), or `*`. */
const EVENT_PATTERNS: readonly EventTypePattern[] = [
  ...EVENT_TYPES,
  ...new Set(
    EVENT_TYPES.filter((type) => type.includes('.')).map(
      (type) => `${type.slice(0, type.indexOf('.'))}.*` as const,
    ),
  ),
  '*',
];

/** `order.*,payment.failed` (repeatable, adding up): checked before any request. */
function parsePatterns(flag: string) {
  return (value: string, previous: EventTypePattern[] = []): EventTypePattern[] => {
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
    return [...previous, ...(patterns as EventTypePattern[])];
  };
}

/**
 * `--type` / `--events`: the contract's event types, checked, and completed with the families
 * and `*` too (the fish script escapes the `*`).
 */
export function patternsOption(flags: string, description: string): Option {
  const name = /--(\w+)/.exec(flags)?.[1] ?? flags;
  return completeWith(
    new Option(flags, description).argParser(parsePatterns(name)),
    EVENT_PATTERNS,
  );
}
