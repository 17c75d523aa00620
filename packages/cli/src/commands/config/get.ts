import { Argument, Command } from 'commander';
import { CONFIG_KEY_NAMES, assertConfigKey } from '../../config.js';
import { CliError, ExitCode } from '../../errors.js';
import { writeJson, writeLine } from '../../output.js';
import { action } from '../action.js';
import { examples } from '../help.js';
import { completeWith } from '../../completion.js';

export function configGetCommand(): Command {
  return new Command('get')
    .description(`Print one setting (${CONFIG_KEY_NAMES.join(', ')})`)
    .addHelpText('after', examples('shop config get api-url'))
    .addArgument(completeWith(new Argument('<key>', 'setting name'), CONFIG_KEY_NAMES))
    .action(
      action(async (ctx, _opts: object, key: string) => {
        assertConfigKey(key);
        const value = ctx.profile[key];
        if (value === undefined) {
          throw new CliError(`${key} is not set in profile ${ctx.profileName}.`, {
            exitCode: ExitCode.notFound,
            hint: `Set it with \`shop config set ${key} <value>\`.`,
            code: 'cli.config_unset',
          });
        }
        if (ctx.json) return writeJson({ [key]: value });
        writeLine(value);
      }),
    );
}
