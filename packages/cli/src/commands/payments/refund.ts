import { Command } from 'commander';
import { money } from '../../format.js';
import { confirm, note } from '../../output.js';
import { getPayment, refundPayment } from '../../services/payments.js';
import { showPayment } from '../../views.js';
import { action } from '../action.js';
import { examples } from '../help.js';

export function paymentsRefundCommand(): Command {
  return new Command('refund')
    .description('Refund a payment in full')
    .addHelpText(
      'after',
      examples(
        'shop payments refund 5b9c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d',
        'shop payments refund 5b9c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d --yes --json',
      ),
    )
    .argument('<paymentId>', 'payment id')
    .action(
      action(async (ctx, _opts: object, paymentId: string) => {
        // The question names what goes back and for which order: a person confirms an amount,
        // not an id. Only looked up when there is someone to ask.
        if (!ctx.yes && ctx.canPrompt) {
          const payment = await getPayment(ctx, paymentId);
          await confirm(
            ctx,
            `Refund ${money(payment.amount)} of payment ${paymentId} for order ${payment.orderId}?`,
            `refund payment ${paymentId}`,
          );
        } else {
          await confirm(ctx, '', `refund payment ${paymentId}`);
        }
        const payment = await refundPayment(ctx, paymentId);
        showPayment(ctx, payment);
        if (!ctx.json)
          note(
            ctx,
            `Order ${payment.orderId} becomes REFUNDED shortly: \`shop orders watch ${payment.orderId}\`.`,
          );
      }),
    );
}
