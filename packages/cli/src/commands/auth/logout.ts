import { Command } from 'commander';
import { success, writeJson } from '../../output.js';
import { logout } from '../../services/auth.js';
import { action } from '../action.js';
import { examples } from '../help.js';

export function logoutCommand(): Command {
  return new Command('logout')
    .description('Forget the token stored in the current profile')
    .addHelpText('after', examples('shop logout', 'shop logout --profile staging'))
    .action(
      action(async (ctx) => {
        const loggedOut = await logout(ctx);
        // No API call: --json gets a small record of what happened.
        if (ctx.json) return writeJson({ profile: ctx.profileName, loggedOut });
        success(
          ctx,
          loggedOut
            ? `Logged out (profile ${ctx.profileName}).`
            : `Not logged in (profile ${ctx.profileName}).`,
        );
      }),
    );
}
