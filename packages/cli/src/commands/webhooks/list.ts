import { Command } from 'commander';
import { showEndpointList } from '../../event-views.js';
import { listEndpoints } from '../../services/webhooks.js';
import { action } from '../action.js';
import { examples } from '../help.js';

export function webhooksListCommand(): Command {
  return new Command('list')
    .description('List your webhook endpoints')
    .addHelpText(
      'after',
      examples('shop webhooks list', "shop webhooks list --json | jq -r '.data[].url'"),
    )
    .action(
      action(async (ctx) => {
        showEndpointList(ctx, await listEndpoints(ctx));
      }),
    );
}
