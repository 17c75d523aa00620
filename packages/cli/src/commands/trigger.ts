import { Argument, Command, Option } from 'commander';
import { completeWith } from '../completion.js';
import { UsageError } from '../errors.js';
import { FIXTURES, TRIGGERABLE_EVENTS, fixtureFor } from '../fixtures/index.js';
import { showStreamedEvent } from '../event-views.js';
import { showFixtures, showTriggerDone, showTriggerStep } from '../views.js';
import { action, collect, requireLogin } from './action.js';
import { duration } from '../duration.js';
import { parseItemFlag, type OrderLineFlag } from './orders/create.js';
import { examples } from './help.js';

/** `--timeout 30s`: from 100 ms to an hour, read like every other duration flag. */
export const parseTimeout = duration('timeout', { min: 100, max: 3_600_000 });

/** The events closest to a mistyped one (edit distance), best first. */
async function closestEvents(typed: string): Promise<string[]> {
  // Loaded on this error path only.
  const { distance } = await import('fastest-levenshtein');
  return [...TRIGGERABLE_EVENTS].sort((a, b) => distance(typed, a) - distance(typed, b));
}

interface TriggerFlags {
  list?: boolean;
  item?: OrderLineFlag;
  override?: string[];
  timeout: number;
}

export function triggerCommand(): Command {
  return new Command('trigger')
    .description('Cause an event with real API calls and wait until it arrives on the event stream')
    .addArgument(
      completeWith(new Argument('[event]', 'the event to cause (see --list)'), TRIGGERABLE_EVENTS),
    )
    .option('--list', 'list the fixtures: the events each one triggers and causes')
    .option(
      '--item <itemId:qty>',
      "order this item and quantity instead of the fixture's choice",
      parseItemFlag,
    )
    .option(
      '--override <step.path=value>',
      "set a step's param (repeatable; the value is JSON when it parses), e.g. order.items[0].quantity=5",
      collect,
    )
    .addOption(
      new Option(
        '--timeout <duration>',
        'how long the calls and the wait may take (500ms, 30s, 2m)',
      )
        .argParser(parseTimeout)
        .default(30_000, '30s'),
    )
    .addHelpText(
      'after',
      examples(
        'shop trigger --list',
        'shop trigger order.paid',
        'shop trigger order.payment_failed --json | jq -r .type',
        'shop trigger order.failed --item 65f1c2d3e4f5a6b7c8d9e0f1:500 --timeout 10s',
        'shop trigger order.paid --override order.items[0].quantity=3',
      ),
    )
    .action(
      action(async (ctx, flags: TriggerFlags, event: string | undefined) => {
        if (flags.list) return showFixtures(ctx, FIXTURES);
        if (!event) {
          throw new UsageError(
            'Name the event to trigger.',
            'See them with `shop trigger --list`.',
          );
        }
        const fixture = fixtureFor(event);
        if (!fixture) {
          const [closest] = await closestEvents(event);
          throw new UsageError(
            `No fixture triggers ${event}.`,
            `Did you mean ${closest}? \`shop trigger --list\` shows them all.`,
          );
        }
        // The runner (and dot-prop) load only when a trigger runs: --help and completion stay lean.
        const { parseOverride, runTrigger } = await import('../services/trigger.js');
        const overrides = (flags.override ?? []).map(parseOverride);
        requireLogin(ctx);
        const outcome = await runTrigger(ctx, fixture, event, {
          item: flags.item,
          overrides,
          timeoutMs: flags.timeout,
          onStep: (step, result) => showTriggerStep(ctx, step, result),
          onEvent: (caused) => showStreamedEvent(ctx, caused),
        });
        showTriggerDone(ctx, event, outcome);
      }),
    );
}
