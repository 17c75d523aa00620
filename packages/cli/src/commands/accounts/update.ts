import { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { updateAccount } from '../../services/accounts.js';
import { showAccount } from '../../views.js';
import { action, readStdin } from '../action.js';
import { accountFieldOptions, type AccountFieldFlags } from './fields.js';

export function accountsUpdateCommand(): Command {
  return accountFieldOptions(
    new Command('update')
      .description('Change an account (yours when no id is given)')
      .argument('[accountId]', 'account id'),
  ).action(
    action(async (ctx, opts: AccountFieldFlags, accountId?: string) => {
      const { passwordStdin, ...fields } = opts;
      const body = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
      if (passwordStdin) body.password = await readStdin();
      if (Object.keys(body).length === 0) {
        throw new UsageError(
          'Nothing to change.',
          'Pass at least one of --email, --username, --password-stdin, --shipping-address, --billing-address, --payment-method.',
        );
      }
      showAccount(ctx, await updateAccount(ctx, accountId, body));
    }),
  );
}
