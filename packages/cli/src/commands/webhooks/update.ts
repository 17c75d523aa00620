import { Command, Option } from 'commander';
import type { EventTypePattern, WebhookEndpointUpdate } from '@shop/sdk';
import { UsageError } from '../../errors.js';
import { showEndpoint } from '../../event-views.js';
import { updateEndpoint } from '../../services/webhooks.js';
import { action, httpUrl } from '../action.js';
import { patternsOption } from '../../event-types.js';
import { examples } from '../help.js';

interface UpdateFlags {
  url?: string;
  events?: EventTypePattern[];
  description?: string;
  enable?: boolean;
  disable?: boolean;
}

function updateBody(opts: UpdateFlags): WebhookEndpointUpdate {
  return {
    ...(opts.url !== undefined && { url: opts.url }),
    ...(opts.events !== undefined && { events: opts.events }),
    // An empty description clears it (the API's null).
    ...(opts.description !== undefined && { description: opts.description || null }),
    ...(opts.enable && { status: 'enabled' as const }),
    ...(opts.disable && { status: 'disabled' as const }),
  };
}

export function webhooksUpdateCommand(): Command {
  return new Command('update')
    .description("Change a webhook endpoint's URL, events or description, or switch it off and on")
    .addHelpText(
      'after',
      examples(
        "shop webhooks update we_5f0c8a1e2b3d4c6e8f9a0b1c2d3e4f50 --events 'order.paid,order.refunded'",
        'shop webhooks update we_5f0c8a1e2b3d4c6e8f9a0b1c2d3e4f50 --disable',
        "shop webhooks update we_5f0c8a1e2b3d4c6e8f9a0b1c2d3e4f50 --description ''   # clears it",
      ),
    )
    .argument('<endpointId>', 'endpoint id')
    .option(
      '--url <url>',
      'where events are POSTed (http or https)',
      httpUrl('url', 'https://example.com/hooks/shop'),
    )
    .addOption(
      patternsOption('--events <types>', 'event types, comma-separated (order.paid, order.*, *)'),
    )
    .option('--description <text>', "a note for yourself ('' clears it)")
    .addOption(new Option('--enable', 'deliver to it again').conflicts('disable'))
    .addOption(new Option('--disable', 'stop delivering to it (nothing is queued meanwhile)'))
    .action(
      action(async (ctx, opts: UpdateFlags, endpointId: string) => {
        const body = updateBody(opts);
        if (Object.keys(body).length === 0) {
          throw new UsageError(
            'Nothing to change.',
            'Pass at least one of --url, --events, --description, --enable, --disable.',
          );
        }
        showEndpoint(ctx, await updateEndpoint(ctx, endpointId, body));
      }),
    );
}
