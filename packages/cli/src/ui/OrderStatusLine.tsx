import { Text } from 'ink';
import { Spinner } from '@inkjs/ui';
import type { ReactNode } from 'react';
import { money } from '../format.js';

const WAITING: Record<string, string> = {
  PENDING: 'reserving stock',
  INVENTORY_RESERVED: 'waiting for the payment',
};

/**
 * How a settled order is marked: a failure is red, a paid order green; a cancelled or refunded
 * one ended as someone asked, so it gets a neutral mark rather than an error's ✗.
 */
type Mark = { mark: string; color?: 'green' | 'red' };
const MARKS: Record<string, Mark> = {
  PAID: { mark: '✓', color: 'green' },
  PAYMENT_FAILED: { mark: '✗', color: 'red' },
  FAILED: { mark: '✗', color: 'red' },
};
const NEUTRAL: Mark = { mark: '•' };

/** One live line: a spinner while the order moves, a mark once it settles. */
export function OrderStatusLine({
  orderId,
  status,
  total,
  failureReason,
  settled,
}: {
  orderId: string;
  status: string | undefined;
  total?: number;
  failureReason?: string | null;
  settled: boolean;
}): ReactNode {
  if (!settled) {
    const label = `Order ${orderId}: ${status ?? '…'}${status && WAITING[status] ? ` — ${WAITING[status]}` : ''}`;
    return <Spinner label={label} />;
  }
  const { mark, color } = (status && MARKS[status]) || NEUTRAL;
  return (
    <Text>
      <Text color={color}>{mark}</Text> Order {orderId}: <Text bold>{status}</Text>
      {total !== undefined ? ` (${money(total)})` : ''}
      {failureReason ? ` — ${failureReason}` : ''}
    </Text>
  );
}
