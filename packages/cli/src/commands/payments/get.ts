import { Command } from 'commander';
import { getPayment } from '../../services/payments.js';
import { showPayment } from '../../views.js';
import { action } from '../action.js';

export function paymentsGetCommand(): Command {
  return new Command('get')
    .description('Show a payment')
    .argument('<paymentId>', 'payment id')
    .action(
      action(async (ctx, _opts: object, paymentId: string) => {
        showPayment(ctx, await getPayment(ctx, paymentId));
      }),
    );
}
