import { Command } from 'commander';
import { action, integer } from '../action.js';
import { followOrder } from './follow.js';

export function ordersWatchCommand(): Command {
  return new Command('watch')
    .description('Follow an order until it settles (live on a terminal)')
    .argument('<orderId>', 'order id')
    .option('--timeout <seconds>', 'give up after this long', integer('timeout', 1, 3600), 300)
    .action(
      action(async (ctx, opts: { timeout: number }, orderId: string) => {
        await followOrder(ctx, orderId, { timeoutMs: opts.timeout * 1000 });
      }),
    );
}
