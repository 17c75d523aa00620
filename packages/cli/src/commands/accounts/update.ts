import { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { updateAccount } from '../../services/accounts.js';
import { showAccount } from '../../views.js';
import { action, readStdin } from '../action.js';
import { accountFieldOptions, type AccountFieldFlags } from './fields.js';
import { examples } from '../help.js';

export function accountsUpdateCommand(): Command {
  return accountFieldOptions(
    new Command('update')
      .description('Change an account (yours when no id is given)')
      .addHelpText(
        'after',
        examples(
          "shop accounts update --shipping-address '1 Main St, Springfield'",
          'shop accounts update 3f6c2a9e-8b1d-4c7a-9e2f-5a1b7c3d9e01 --username new-name',
        ),
      )
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
