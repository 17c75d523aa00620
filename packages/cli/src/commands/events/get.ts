import { Command } from 'commander';
import { showEvent } from '../../event-views.js';
import { getEvent } from '../../services/events.js';
import { action } from '../action.js';
import { examples } from '../help.js';

export function eventsGetCommand(): Command {
  return new Command('get')
    .description('Show an event: its type, time, request and object')
    .addHelpText(
      'after',
      examples(
        'shop events get evt_2b7c9e1f4a6d8c0e3f5a7b9d1c3e5f70',
        'shop events get evt_2b7c9e1f4a6d8c0e3f5a7b9d1c3e5f70 --json | jq .data.object',
      ),
    )
    .argument('<eventId>', 'event id')
    .action(
      action(async (ctx, _opts: object, eventId: string) => {
        showEvent(ctx, await getEvent(ctx, eventId));
      }),
    );
}
