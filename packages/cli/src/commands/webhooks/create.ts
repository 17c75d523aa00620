import { Command, Option } from 'commander';
import type { EventTypePattern, WebhookEndpointCreate } from '@shop/sdk';
import { showEndpointSecret } from '../../event-views.js';
import { createEndpoint } from '../../services/webhooks.js';
import { action, httpUrl } from '../action.js';
import { patternsOption } from '../../event-types.js';
import { examples } from '../help.js';

type Scope = NonNullable<WebhookEndpointCreate['scope']>;
// The contract's scopes: one added to the spec fails the build here.
const SCOPES = Object.keys({ own: true, all: true } satisfies Record<Scope, true>);

export function webhooksCreateCommand(): Command {
  return new Command('create')
    .description('Add a webhook endpoint; prints its signing secret, once')
    .addHelpText(
      'after',
      examples(
        "shop webhooks create --url https://example.com/hooks/shop --events 'order.*,payment.failed'",
        "shop webhooks create --url https://example.com/hooks/shop --events '*' --json | jq -r .secret",
      ),
    )
    .requiredOption(
      '--url <url>',
      'where events are POSTed (http or https)',
      httpUrl('url', 'https://example.com/hooks/shop'),
    )
    .addOption(
      patternsOption(
        '--events <types>',
        'event types, comma-separated (order.paid, order.*, *)',
      ).makeOptionMandatory(),
    )
    .option('--description <text>', 'a note for yourself')
    .addOption(
      new Option('--scope <scope>', "whose events: own, or all accounts' (admin)").choices(SCOPES),
    )
    .action(
      action(
        async (
          ctx,
          opts: { url: string; events: EventTypePattern[]; description?: string; scope?: Scope },
        ) => {
          showEndpointSecret(
            ctx,
            await createEndpoint(ctx, {
              url: opts.url,
              events: opts.events,
              description: opts.description,
              scope: opts.scope,
            }),
          );
        },
      ),
    );
}
