import { Command } from 'commander';
import { getOrder } from '../../services/orders.js';
import { showOrder } from '../../views.js';
import { action } from '../action.js';
import { examples } from '../help.js';

export function ordersGetCommand(): Command {
  return new Command('get')
    .description('Show an order')
    .addHelpText(
      'after',
      examples(
        'shop orders get 8d2e5f47-1c3b-4a6d-9f80-b7e6c5d4a321',
        'shop orders get 8d2e5f47-1c3b-4a6d-9f80-b7e6c5d4a321 --json | jq -r .status',
      ),
    )
    .argument('<orderId>', 'order id')
    .action(
      action(async (ctx, _opts: object, orderId: string) => {
        showOrder(ctx, await getOrder(ctx, orderId));
      }),
    );
}
