import { Command } from 'commander';
import { assertConfigKey } from '../../config.js';
import { success, writeJson } from '../../output.js';
import { action } from '../action.js';
import { examples } from '../help.js';

export function configUnsetCommand(): Command {
  return new Command('unset')
    .description('Remove one setting, back to its default')
    .addHelpText('after', examples('shop config unset output'))
    .argument('<key>', 'setting name')
    .action(
      action(async (ctx, _opts: object, key: string) => {
        assertConfigKey(key);
        await ctx.config.updateProfile(ctx.profileName, { [key]: undefined });
        if (ctx.json) return writeJson({});
        success(ctx, `Unset ${key} (profile ${ctx.profileName}).`);
      }),
    );
}
