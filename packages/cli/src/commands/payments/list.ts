import { Command } from 'commander';
import { listPayments } from '../../services/payments.js';
import { showPaymentPage } from '../../views.js';
import { action, integer } from '../action.js';

export function paymentsListCommand(): Command {
  return new Command('list')
    .description("List your payments, or one order's")
    .option('--order <orderId>', "only this order's payments")
    .option('--page <n>', 'page number, from 0', integer('page', 0), 0)
    .option('--size <n>', 'payments per page (1-100)', integer('size', 1, 100), 20)
    .action(
      action(async (ctx, opts: { order?: string; page: number; size: number }) => {
        const page = await listPayments(ctx, {
          orderId: opts.order,
          page: opts.page,
          size: opts.size,
        });
        showPaymentPage(ctx, page, opts.order);
      }),
    );
}
