import { Command } from 'commander';
import { pastInstant } from '../../duration.js';
import { showRequeued } from '../../event-views.js';
import { recoverDeliveries } from '../../services/webhooks.js';
import { action } from '../action.js';
import { examples } from '../help.js';

export function webhooksRecoverCommand(): Command {
  return new Command('recover')
    .description("Queue again an endpoint's failed deliveries of events in a time window")
    .addHelpText(
      'after',
      examples(
        'shop webhooks recover we_5f0c8a1e2b3d4c6e8f9a0b1c2d3e4f50 --since 1h',
        'shop webhooks recover we_5f0c8a1e2b3d4c6e8f9a0b1c2d3e4f50 --since 2026-12-06T00:00:00Z --until 2026-12-06T12:00:00Z',
      ),
    )
    .argument('<endpointId>', 'endpoint id')
    .requiredOption(
      '--since <when>',
      'events from then on: a duration ago (1h, 2d) or an ISO time',
      pastInstant('since'),
    )
    .option(
      '--until <when>',
      'events before then (default now): a duration ago or an ISO time',
      pastInstant('until'),
    )
    .action(
      action(async (ctx, opts: { since: string; until?: string }, endpointId: string) => {
        const result = await recoverDeliveries(ctx, endpointId, opts);
        showRequeued(ctx, result, 'no failed delivery in that window');
      }),
    );
}
