import { Command } from 'commander';
import { duration } from '../../duration.js';
import { showEndpointSecret } from '../../event-views.js';
import { rotateSecret } from '../../services/webhooks.js';
import { action } from '../action.js';
import { examples } from '../help.js';

export function webhooksRotateSecretCommand(): Command {
  return new Command('rotate-secret')
    .description('Give an endpoint a new signing secret; the old one keeps signing for a while')
    .addHelpText(
      'after',
      examples(
        'shop webhooks rotate-secret we_5f0c8a1e2b3d4c6e8f9a0b1c2d3e4f50',
        'shop webhooks rotate-secret we_5f0c8a1e2b3d4c6e8f9a0b1c2d3e4f50 --expire-old-after 1h',
        'shop webhooks rotate-secret we_5f0c8a1e2b3d4c6e8f9a0b1c2d3e4f50 --expire-old-after 0s   # old one stops now',
      ),
    )
    .argument('<endpointId>', 'endpoint id')
    .option(
      '--expire-old-after <duration>',
      "how long deliveries carry the old secret's signature too (up to 7d; the API's default: 24h)",
      // The API checks its own ceiling (7 days), so the contract's limit has one home.
      duration('expire-old-after'),
    )
    .action(
      action(async (ctx, opts: { expireOldAfter?: number }, endpointId: string) => {
        const rotated = await rotateSecret(ctx, endpointId, opts.expireOldAfter);
        const oldUntil =
          opts.expireOldAfter === undefined
            ? undefined
            : new Date(Date.now() + opts.expireOldAfter);
        showEndpointSecret(ctx, rotated, oldUntil);
      }),
    );
}
