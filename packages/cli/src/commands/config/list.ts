import { Command } from 'commander';
import { CONFIG_KEY_NAMES } from '../../config.js';
import { writeJson, writeLine, writeTable } from '../../output.js';
import { action } from '../action.js';
import { examples } from '../help.js';

export function configListCommand(): Command {
  return new Command('list')
    .description("Show the current profile's settings")
    .addHelpText('after', examples('shop config list', 'shop config list --profile staging --json'))
    .action(
      action(async (ctx) => {
        const values = Object.fromEntries(
          CONFIG_KEY_NAMES.flatMap((key) =>
            ctx.profile[key] === undefined ? [] : [[key, ctx.profile[key]]],
          ),
        );
        if (ctx.json) return writeJson(values);
        writeLine(`# profile ${ctx.profileName} (${ctx.config.path})`);
        writeTable(ctx, CONFIG_KEY_NAMES, [
          { header: 'KEY', value: (key) => key },
          { header: 'VALUE', value: (key) => ctx.profile[key] ?? '(not set)' },
        ]);
      }),
    );
}
