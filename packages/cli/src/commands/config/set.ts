import { Argument, Command } from 'commander';
import { CONFIG_KEYS, CONFIG_KEY_NAMES, assertConfigKey } from '../../config.js';
import { success, writeJson } from '../../output.js';
import { action } from '../action.js';
import { examples } from '../help.js';
import { completeWith } from '../../completion.js';

export function configSetCommand(): Command {
  return new Command('set')
    .description(`Change one setting (${CONFIG_KEY_NAMES.join(', ')})`)
    .addHelpText(
      'after',
      examples('shop config set api-url http://localhost:4010', 'shop config set output json'),
    )
    .addArgument(completeWith(new Argument('<key>', 'setting name'), CONFIG_KEY_NAMES))
    .argument('<value>', 'new value')
    .action(
      action(async (ctx, _opts: object, key: string, value: string) => {
        assertConfigKey(key);
        const normalised = CONFIG_KEYS[key](value);
        await ctx.config.updateProfile(ctx.profileName, { [key]: normalised });
        if (ctx.json) return writeJson({ [key]: normalised });
        success(ctx, `Set ${key} to ${normalised} (profile ${ctx.profileName}).`);
      }),
    );
}
