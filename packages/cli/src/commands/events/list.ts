import { Command } from 'commander';
import type { EventTypePattern } from '@shop/sdk';
import { showEventPage } from '../../event-views.js';
import { listEvents } from '../../services/events.js';
import { action, integer } from '../action.js';
import { examples } from '../help.js';
import { patternsOption } from '../../event-types.js';

interface ListFlags {
  type?: EventTypePattern[];
  order?: string;
  after?: number;
  limit: number;
}

/** The command that shows the next page: the same filters, and `--after` added by the view. */
function nextCommand(opts: ListFlags): string {
  return [
    'shop events list',
    ...(opts.type ? [`--type '${opts.type.join(',')}'`] : []),
    ...(opts.order ? [`--order ${opts.order}`] : []),
    `--limit ${opts.limit}`,
  ].join(' ');
}

export function eventsListCommand(): Command {
  return new Command('list')
    .description('List your events, oldest first, one page at a time')
    .addHelpText(
      'after',
      examples(
        'shop events list',
        "shop events list --type 'order.*,payment.failed' --limit 50",
        "shop events list --order 8d2e5f47-1c3b-4a6d-9f80-b7e6c5d4a321 --json | jq -r '.data[].type'",
      ),
    )
    .addOption(
      patternsOption(
        '--type <types>',
        'only these types, comma-separated (order.paid, order.*, *)',
      ),
    )
    .option('--order <orderId>', 'only the events of this order and its payment')
    .option(
      '--after <seq>',
      'only events after this seq (the cursor under each page)',
      integer('after', 0),
    )
    .option('--limit <n>', 'events per page (1-100)', integer('limit', 1, 100), 20)
    .action(
      action(async (ctx, opts: ListFlags) => {
        const page = await listEvents(ctx, {
          types: opts.type,
          orderId: opts.order,
          after: opts.after,
          limit: opts.limit,
        });
        showEventPage(ctx, page, nextCommand(opts));
      }),
    );
}
