import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { OrderStatusLine } from './OrderStatusLine.js';

describe('OrderStatusLine', () => {
  it('spins with what the order waits for, then marks the outcome', () => {
    const { lastFrame, rerender, unmount } = render(
      <OrderStatusLine orderId="o-1" status="INVENTORY_RESERVED" settled={false} />,
    );
    expect(lastFrame()).toContain('Order o-1: INVENTORY_RESERVED — waiting for the payment');
    rerender(<OrderStatusLine orderId="o-1" status="PAID" total={1243.99} settled />);
    expect(lastFrame()).toBe('✓ Order o-1: PAID ($1,243.99)');
    rerender(
      <OrderStatusLine
        orderId="o-1"
        status="PAYMENT_FAILED"
        total={5}
        failureReason="card_declined"
        settled
      />,
    );
    expect(lastFrame()).toBe('✗ Order o-1: PAYMENT_FAILED ($5.00) — card_declined');
    unmount();
  });

  it.each(['CANCELLED', 'REFUNDED'])('gives %s a neutral mark, not a failure’s ✗', (status) => {
    const { lastFrame, unmount } = render(
      <OrderStatusLine orderId="o-2" status={status} total={10} settled />,
    );
    expect(lastFrame()).toBe(`• Order o-2: ${status} ($10.00)`);
    unmount();
  });
});
