import { Argument, Command } from 'commander';
import { CONFIG_KEY_NAMES, assertConfigKey } from '../../config.js';
import { success, writeJson } from '../../output.js';
import { action } from '../action.js';
import { examples } from '../help.js';
import { completeWith } from '../../completion.js';

export function configUnsetCommand(): Command {
  return new Command('unset')
    .description('Remove one setting, back to its default')
    .addHelpText('after', examples('shop config unset output'))
    .addArgument(completeWith(new Argument('<key>', 'setting name'), CONFIG_KEY_NAMES))
    .action(
      action(async (ctx, _opts: object, key: string) => {
        assertConfigKey(key);
        await ctx.config.updateProfile(ctx.profileName, { [key]: undefined });
        if (ctx.json) return writeJson({});
        success(ctx, `Unset ${key} (profile ${ctx.profileName}).`);
      }),
    );
}
