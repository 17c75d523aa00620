import type { Order } from '@shop/sdk';
import type { Context } from '../../context.js';
import { CliError, InterruptedError } from '../../errors.js';
import { renderLive } from '../../output.js';
import { waitForOrder } from '../../services/orders.js';
import { showOrder } from '../../views.js';
import { io } from '../../io.js';

type LineProps = {
  orderId: string;
  status: string | undefined;
  total?: number;
  failureReason?: string | null;
  settled: boolean;
};

const lineProps = (orderId: string, order: Order | undefined, settled: boolean): LineProps => ({
  orderId,
  status: order?.status,
  total: order?.totalAmount,
  failureReason: order?.failureReason,
  settled,
});

/**
 * Follows an order until it settles: a live status line on a terminal, silence otherwise; then the
 * final order. An order that ends unpaid makes the command fail (exit 1), so scripts notice.
 */
export async function followOrder(
  ctx: Context,
  orderId: string,
  options: { timeoutMs: number; initial?: Order },
): Promise<void> {
  try {
    await follow(ctx, orderId, options);
  } catch (error) {
    // Stopping the watch stops nothing on the server: say so, and how to pick it up again.
    if (ctx.signal.aborted || error instanceof InterruptedError) {
      throw new InterruptedError(
        `Order ${orderId} continues; follow it with \`shop orders watch ${orderId}\`.`,
      );
    }
    throw error;
  }
}

async function follow(
  ctx: Context,
  orderId: string,
  options: { timeoutMs: number; initial?: Order },
): Promise<void> {
  let final: Order;
  if (ctx.interactive) {
    // Captured now: Ink calls back from stdin's events, outside this run's async context.
    const { interrupt } = io();
    const live = await renderLive<LineProps>(
      ctx,
      async () => {
        const [{ OrderStatusLine }, { createElement }] = await Promise.all([
          import('../../ui/OrderStatusLine.js'),
          import('react'),
        ]);
        return (props) => createElement(OrderStatusLine, props);
      },
      lineProps(orderId, options.initial, false),
      () => interrupt.abort(),
    );
    try {
      final = await waitForOrder(ctx, orderId, {
        timeoutMs: options.timeoutMs,
        onStatus: (order) => live.update(lineProps(orderId, order, false)),
      });
      live.update(lineProps(orderId, final, true));
    } finally {
      await live.stop();
    }
  } else {
    final = await waitForOrder(ctx, orderId, { timeoutMs: options.timeoutMs });
  }
  showOrder(ctx, final);
  if (final.status === 'PAYMENT_FAILED' || final.status === 'FAILED') {
    throw new CliError(
      `Order ${orderId} ended ${final.status}${final.failureReason ? `: ${final.failureReason}` : ''}.`,
      {
        hint:
          final.status === 'PAYMENT_FAILED'
            ? 'Change the payment method (`shop accounts update --payment-method pm_card_visa`) and order again.'
            : 'See why with `shop orders get ' + orderId + '`.',
        code: 'cli.order_unpaid',
      },
    );
  }
}
