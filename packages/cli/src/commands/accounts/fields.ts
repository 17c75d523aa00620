import type { Command } from 'commander';

export interface AccountFieldFlags {
  email?: string;
  username?: string;
  passwordStdin?: boolean;
  shippingAddress?: string;
  billingAddress?: string;
  paymentMethod?: string;
}

/** The flags `accounts create` and `accounts update` share. */
export function accountFieldOptions(command: Command): Command {
  return command
    .option('--email <email>', 'email address')
    .option('--username <name>', 'display name')
    .option('--password-stdin', 'read the password from stdin')
    .option('--shipping-address <address>', 'shipping address')
    .option('--billing-address <address>', 'billing address')
    .option(
      '--payment-method <pm>',
      'payment method, e.g. pm_card_visa, pm_card_declined, pm_card_slow',
    );
}
