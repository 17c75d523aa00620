import { Argument, Command } from 'commander';
import { assertProfileName } from '../../config.js';
import { success, writeJson } from '../../output.js';
import { action } from '../action.js';
import { examples } from '../help.js';
import { completeWith } from '../../completion.js';

export function profilesUseCommand(): Command {
  return new Command('use')
    .description('Switch the profile used when --profile is not given')
    .addHelpText('after', examples('shop profiles use staging', 'shop profiles use default'))
    .addArgument(
      completeWith(new Argument('<name>', 'profile name (created on first use)'), 'profiles'),
    )
    .action(
      action(async (ctx, _opts: object, name: string) => {
        assertProfileName(name);
        await ctx.config.setCurrentProfile(name);
        if (ctx.json) return writeJson({ currentProfile: name });
        success(ctx, `Now using profile ${name}.`);
      }),
    );
}
