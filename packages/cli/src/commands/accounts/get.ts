import { Command } from 'commander';
import { getAccount } from '../../services/accounts.js';
import { showAccount } from '../../views.js';
import { action } from '../action.js';

export function accountsGetCommand(): Command {
  return new Command('get')
    .description('Show an account (yours when no id is given)')
    .argument('[accountId]', 'account id')
    .action(
      action(async (ctx, _opts: object, accountId?: string) => {
        showAccount(ctx, await getAccount(ctx, accountId));
      }),
    );
}
