import { Command, Option } from 'commander';
import type { OrderStatus } from '@shop/sdk';
import { listOrders, ORDER_STATUSES } from '../../services/orders.js';
import { showOrderPage } from '../../views.js';
import { action, integer } from '../action.js';
import { examples } from '../help.js';

export function ordersListCommand(): Command {
  return new Command('list')
    .description('List your orders, newest first')
    .addHelpText('after', examples('shop orders list', 'shop orders list --status PAID --json'))
    .addOption(
      new Option('--status <status>', 'only orders with this status').choices(ORDER_STATUSES),
    )
    .option('--page <n>', 'page number, from 0', integer('page', 0), 0)
    .option('--size <n>', 'orders per page (1-100)', integer('size', 1, 100), 20)
    .action(
      action(async (ctx, opts: { status?: OrderStatus; page: number; size: number }) => {
        showOrderPage(ctx, await listOrders(ctx, opts), opts.status);
      }),
    );
}
