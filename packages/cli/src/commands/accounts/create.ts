import { Command } from 'commander';
import type { AccountCreate } from '@shop/sdk';
import { UsageError } from '../../errors.js';
import { promptCredentials, success } from '../../output.js';
import { createAccount } from '../../services/accounts.js';
import { present, showAccount } from '../../views.js';
import { action, readStdin } from '../action.js';
import { accountFieldOptions, type AccountFieldFlags } from './fields.js';
import { examples } from '../help.js';

export function accountsCreateCommand(): Command {
  return accountFieldOptions(
    new Command('create')
      .description('Create a customer account')
      .addHelpText(
        'after',
        examples(
          'printf %s "$PASSWORD" | shop accounts create --email you@example.com --username you --password-stdin',
        ),
      ),
  ).action(
    action(async (ctx, opts: AccountFieldFlags) => {
      if (!opts.email || !opts.username) {
        throw new UsageError(
          'An account needs an email and a username.',
          'Pass --email <email> --username <name>.',
        );
      }
      let password: string;
      if (opts.passwordStdin) password = await readStdin();
      else if (ctx.interactive)
        password = (
          await promptCredentials(ctx, 'Choose a password (8 characters or more)', opts.email)
        ).password;
      else
        throw new UsageError(
          'Cannot prompt for the password here.',
          'Pass --password-stdin and pipe the password in.',
        );
      const account = await createAccount(ctx, {
        email: opts.email,
        username: opts.username,
        password,
        ...(opts.shippingAddress !== undefined && { shippingAddress: opts.shippingAddress }),
        ...(opts.billingAddress !== undefined && { billingAddress: opts.billingAddress }),
        ...(opts.paymentMethod !== undefined && { paymentMethod: opts.paymentMethod }),
        // The generated type marks paymentMethod required because the spec gives it a default.
      } as AccountCreate);
      present(ctx, account, () => {
        success(
          ctx,
          `Created account ${account.accountId}. Log in with: shop login --email ${account.email}`,
        );
        showAccount(ctx, account);
      });
    }),
  );
}
