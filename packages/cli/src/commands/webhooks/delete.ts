import { Command } from 'commander';
import { confirm, success, writeJson } from '../../output.js';
import { deleteEndpoint } from '../../services/webhooks.js';
import { action } from '../action.js';
import { examples } from '../help.js';

export function webhooksDeleteCommand(): Command {
  return new Command('delete')
    .description('Remove a webhook endpoint; deliveries still queued for it are dropped')
    .addHelpText(
      'after',
      examples('shop webhooks delete we_5f0c8a1e2b3d4c6e8f9a0b1c2d3e4f50 --yes'),
    )
    .argument('<endpointId>', 'endpoint id')
    .action(
      action(async (ctx, _opts: object, endpointId: string) => {
        await confirm(
          ctx,
          `Delete webhook endpoint ${endpointId}? Queued deliveries to it are dropped.`,
          `delete webhook endpoint ${endpointId}`,
        );
        await deleteEndpoint(ctx, endpointId);
        // The API answers 204; --json gets the same shape as `items delete`.
        if (ctx.json) return writeJson({ endpointId, deleted: true });
        success(ctx, `Deleted webhook endpoint ${endpointId}.`);
      }),
    );
}
