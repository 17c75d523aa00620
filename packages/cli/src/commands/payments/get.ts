import { Command } from 'commander';
import { getPayment } from '../../services/payments.js';
import { showPayment } from '../../views.js';
import { action } from '../action.js';
import { examples } from '../help.js';

export function paymentsGetCommand(): Command {
  return new Command('get')
    .description('Show a payment')
    .addHelpText('after', examples('shop payments get 5b9c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d'))
    .argument('<paymentId>', 'payment id')
    .action(
      action(async (ctx, _opts: object, paymentId: string) => {
        showPayment(ctx, await getPayment(ctx, paymentId));
      }),
    );
}
