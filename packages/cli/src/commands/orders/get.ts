import { Command } from 'commander';
import { getOrder } from '../../services/orders.js';
import { showOrder } from '../../views.js';
import { action } from '../action.js';

export function ordersGetCommand(): Command {
  return new Command('get')
    .description('Show an order')
    .argument('<orderId>', 'order id')
    .action(
      action(async (ctx, _opts: object, orderId: string) => {
        showOrder(ctx, await getOrder(ctx, orderId));
      }),
    );
}
