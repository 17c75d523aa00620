import { Text } from 'ink';
import { Spinner } from '@inkjs/ui';
import type { ReactNode } from 'react';

const WAITING: Record<string, string> = {
  PENDING: 'reserving stock',
  INVENTORY_RESERVED: 'waiting for the payment',
};

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
  const ok = status === 'PAID';
  return (
    <Text>
      <Text color={ok ? 'green' : 'red'}>{ok ? '✓' : '✗'}</Text> Order {orderId}:{' '}
      <Text bold>{status}</Text>
      {total !== undefined ? ` (${`$${total.toFixed(2)}`})` : ''}
      {failureReason ? ` — ${failureReason}` : ''}
    </Text>
  );
}
