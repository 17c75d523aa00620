import { Command } from 'commander';
import { getAccount } from '../../services/accounts.js';
import { showAccount } from '../../views.js';
import { action } from '../action.js';
import { examples } from '../help.js';

export function accountsGetCommand(): Command {
  return new Command('get')
    .description('Show an account (yours when no id is given)')
    .addHelpText(
      'after',
      examples(
        'shop accounts get',
        'shop accounts get 3f6c2a9e-8b1d-4c7a-9e2f-5a1b7c3d9e01 --json   # admin: any account',
      ),
    )
    .argument('[accountId]', 'account id')
    .action(
      action(async (ctx, _opts: object, accountId?: string) => {
        showAccount(ctx, await getAccount(ctx, accountId));
      }),
    );
}
