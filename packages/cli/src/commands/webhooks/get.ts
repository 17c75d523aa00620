import { Command } from 'commander';
import { showEndpoint } from '../../event-views.js';
import { getEndpoint } from '../../services/webhooks.js';
import { action } from '../action.js';
import { examples } from '../help.js';

export function webhooksGetCommand(): Command {
  return new Command('get')
    .description('Show a webhook endpoint (never its secret)')
    .addHelpText(
      'after',
      examples(
        'shop webhooks get we_5f0c8a1e2b3d4c6e8f9a0b1c2d3e4f50',
        'shop webhooks get we_5f0c8a1e2b3d4c6e8f9a0b1c2d3e4f50 --json | jq -r .status',
      ),
    )
    .argument('<endpointId>', 'endpoint id')
    .action(
      action(async (ctx, _opts: object, endpointId: string) => {
        showEndpoint(ctx, await getEndpoint(ctx, endpointId));
      }),
    );
}
