import { Command } from 'commander';
import { showRequeued } from '../../event-views.js';
import { resendEvent } from '../../services/events.js';
import { action } from '../action.js';
import { examples } from '../help.js';

export function eventsResendCommand(): Command {
  return new Command('resend')
    .description('Deliver an event again (same webhook-id, so receivers can dedupe)')
    .addHelpText(
      'after',
      examples(
        'shop events resend evt_2b7c9e1f4a6d8c0e3f5a7b9d1c3e5f70',
        'shop events resend evt_2b7c9e1f4a6d8c0e3f5a7b9d1c3e5f70 --endpoint we_5f0c8a1e2b3d4c6e8f9a0b1c2d3e4f50',
      ),
    )
    .argument('<eventId>', 'event id')
    .option(
      '--endpoint <endpointId>',
      'only to this endpoint (default: every enabled one that takes the type)',
    )
    .action(
      action(async (ctx, opts: { endpoint?: string }, eventId: string) => {
        const result = await resendEvent(ctx, eventId, opts.endpoint);
        showRequeued(ctx, result, 'no enabled endpoint takes this event type');
      }),
    );
}
