import { Command } from 'commander';
import { formatDate, relativeTime, writeJson, writeLine } from '../../output.js';
import { whoami } from '../../services/auth.js';
import { action, requireLogin } from '../action.js';
import { examples } from '../help.js';

export function whoamiCommand(): Command {
  return new Command('whoami')
    .description('Show the logged-in account and when its token expires')
    .addHelpText('after', examples('shop whoami', 'shop whoami --json'))
    .action(
      action(async (ctx) => {
        requireLogin(ctx);
        const { session, account } = await whoami(ctx);
        if (ctx.json) return writeJson(account);
        writeLine(
          `Logged in to ${ctx.apiUrl} as ${account.email} (${account.role}), profile ${ctx.profileName}.`,
        );
        writeLine(
          `Account ${account.accountId}; token expires ${formatDate(session.expiresAt)} (${relativeTime(session.expiresAt)}).`,
        );
        if (ctx.tokenSource === 'env') writeLine('The token comes from SHOP_TOKEN.');
      }),
    );
}
