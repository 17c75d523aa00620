import type { ShopEventType } from '@shop/sdk';
import { InvalidArgumentError } from 'commander';

/**
 * Every event type of the contract and what its `data.object` is. A type added to the spec fails
 * the build here, so the list `--events` checks and completes never drifts from the contract.
 */
export const EVENT_SUBJECTS = {
  'order.created': 'order',
  'order.failed': 'order',
  'order.paid': 'order',
  'order.payment_failed': 'order',
  'order.cancelled': 'order',
  'order.refunded': 'order',
  'payment.created': 'payment',
  'payment.succeeded': 'payment',
  'payment.failed': 'payment',
  'payment.refunded': 'payment',
  'webhook_endpoint.disabled': 'endpoint',
  ping: 'endpoint',
} as const satisfies Record<ShopEventType, 'order' | 'payment' | 'endpoint'>;

/** The contract's event types: what `--events` completes to (patterns with `*` would glob). */
export const EVENT_TYPES = Object.keys(EVENT_SUBJECTS) as ShopEventType[];

/** What `--events` accepts: each type, each family (`order.*`) and `*`. */
const EVENT_TYPE_PATTERNS: readonly string[] = [
  ...EVENT_TYPES,
  ...new Set(
    EVENT_TYPES.filter((type) => type.includes('.')).map((type) => `${type.split('.')[0]}.*`),
  ),
  '*',
];

/** Parses `order.*,payment.failed` (repeatable): an unknown type is a usage error with a guess. */
export function eventTypes(value: string, previous: string[] = []): string[] {
  const patterns = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  for (const pattern of patterns) {
    if (!EVENT_TYPE_PATTERNS.includes(pattern)) {
      throw new InvalidArgumentError(
        `"${pattern}" is not an event type. Valid: ${EVENT_TYPE_PATTERNS.join(', ')}.`,
      );
    }
  }
  return [...previous, ...patterns];
}
