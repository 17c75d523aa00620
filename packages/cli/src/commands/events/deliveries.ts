import { Command } from 'commander';
import { showDeliveries } from '../../event-views.js';
import { eventDeliveries } from '../../services/events.js';
import { action } from '../action.js';
import { examples } from '../help.js';

export function eventsDeliveriesCommand(): Command {
  return new Command('deliveries')
    .description("List an event's delivery attempts to your webhook endpoints")
    .addHelpText(
      'after',
      examples(
        'shop events deliveries evt_2b7c9e1f4a6d8c0e3f5a7b9d1c3e5f70',
        "shop events deliveries evt_2b7c9e1f4a6d8c0e3f5a7b9d1c3e5f70 --json | jq '.data[].statusCode'",
      ),
    )
    .argument('<eventId>', 'event id')
    .action(
      action(async (ctx, _opts: object, eventId: string) => {
        showDeliveries(ctx, eventId, await eventDeliveries(ctx, eventId));
      }),
    );
}
