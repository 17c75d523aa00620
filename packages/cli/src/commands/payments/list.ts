import { Command } from 'commander';
import { listPayments } from '../../services/payments.js';
import { showPaymentPage } from '../../views.js';
import { action, integer } from '../action.js';
import { examples } from '../help.js';

export function paymentsListCommand(): Command {
  return new Command('list')
    .description("List your payments, or one order's")
    .addHelpText(
      'after',
      examples(
        'shop payments list',
        'shop payments list --order 8d2e5f47-1c3b-4a6d-9f80-b7e6c5d4a321 --json',
      ),
    )
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
