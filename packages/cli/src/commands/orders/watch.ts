import { Command } from 'commander';
import { action, integer } from '../action.js';
import { followOrder } from './follow.js';
import { examples } from '../help.js';

export function ordersWatchCommand(): Command {
  return new Command('watch')
    .description('Follow an order until it settles (live on a terminal)')
    .addHelpText(
      'after',
      examples(
        'shop orders watch 8d2e5f47-1c3b-4a6d-9f80-b7e6c5d4a321',
        'shop orders watch 8d2e5f47-1c3b-4a6d-9f80-b7e6c5d4a321 --timeout 60 --json',
      ),
    )
    .argument('<orderId>', 'order id')
    .option('--timeout <seconds>', 'give up after this long', integer('timeout', 1, 3600), 300)
    .action(
      action(async (ctx, opts: { timeout: number }, orderId: string) => {
        await followOrder(ctx, orderId, { timeoutMs: opts.timeout * 1000 });
      }),
    );
}
