import { Command } from 'commander';
import { DEFAULT_API_URL } from '../../config.js';
import { writeJson, writeTable } from '../../output.js';
import { action } from '../action.js';
import { examples } from '../help.js';

export function profilesListCommand(): Command {
  return new Command('list')
    .description('List the profiles; * marks the one in use')
    .addHelpText('after', examples('shop profiles list'))
    .action(
      action(async (ctx) => {
        const profiles = ctx.config.profiles();
        const names = [...new Set([ctx.config.currentProfile(), ...Object.keys(profiles)])].sort();
        const rows = names.map((name) => ({
          name,
          current: name === ctx.config.currentProfile(),
          apiUrl: profiles[name]?.['api-url'] ?? DEFAULT_API_URL,
          email: profiles[name]?.token ? (profiles[name]?.email ?? '(logged in)') : null,
        }));
        if (ctx.json) return writeJson(rows);
        writeTable(ctx, rows, [
          { header: '', value: (r) => (r.current ? '*' : ' ') },
          { header: 'PROFILE', value: (r) => r.name },
          { header: 'API URL', value: (r) => r.apiUrl },
          { header: 'LOGGED IN AS', value: (r) => r.email ?? '-' },
        ]);
      }),
    );
}
