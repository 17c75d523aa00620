import { Command } from 'commander';
import { confirm, note } from '../../output.js';
import { cancelOrder } from '../../services/orders.js';
import { showOrder } from '../../views.js';
import { action } from '../action.js';
import { examples } from '../help.js';

export function ordersCancelCommand(): Command {
  return new Command('cancel')
    .description('Cancel an order (a paid one is refunded)')
    .addHelpText(
      'after',
      examples(
        'shop orders cancel 8d2e5f47-1c3b-4a6d-9f80-b7e6c5d4a321',
        'shop orders cancel 8d2e5f47-1c3b-4a6d-9f80-b7e6c5d4a321 --yes --json',
      ),
    )
    .argument('<orderId>', 'order id')
    .action(
      action(async (ctx, _opts: object, orderId: string) => {
        await confirm(ctx, `Cancel order ${orderId}?`, `cancel order ${orderId}`);
        const order = await cancelOrder(ctx, orderId);
        showOrder(ctx, order);
        if (!ctx.json && order.status === 'PAID') {
          note(
            ctx,
            `The payment is being refunded; \`shop orders watch ${orderId}\` shows it become REFUNDED.`,
          );
        }
      }),
    );
}
