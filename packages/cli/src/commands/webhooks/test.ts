import { Command, Option } from 'commander';
import { duration } from '../../duration.js';
import { CliError } from '../../errors.js';
import { showPing } from '../../event-views.js';
import { testEndpoint } from '../../services/webhooks.js';
import { action } from '../action.js';
import { examples } from '../help.js';

export function webhooksTestCommand(): Command {
  return new Command('test')
    .description('Send an endpoint a ping event and show what the receiver answered')
    .addHelpText(
      'after',
      examples(
        'shop webhooks test we_5f0c8a1e2b3d4c6e8f9a0b1c2d3e4f50',
        'shop webhooks test we_5f0c8a1e2b3d4c6e8f9a0b1c2d3e4f50 --wait 0s --json',
      ),
    )
    .argument('<endpointId>', 'endpoint id')
    .addOption(
      new Option('--wait <duration>', 'how long to wait for the first delivery attempt (up to 60s)')
        .argParser(duration('wait', { max: 60_000 }))
        .default(5_000, '5s'),
    )
    .action(
      action(async (ctx, opts: { wait: number }, endpointId: string) => {
        const outcome = await testEndpoint(ctx, endpointId, opts.wait);
        showPing(ctx, outcome, opts.wait);
        const { attempt, ping } = outcome;
        // A receiver that refused the ping fails the command, so a script can tell.
        if (attempt?.status === 'failed') {
          throw new CliError(
            `The receiver did not accept the ping: ${attempt.statusCode === null ? (attempt.error ?? 'no answer') : `HTTP ${attempt.statusCode}`}.`,
            {
              hint: `The server retries on its schedule; \`shop events deliveries ${ping.id}\` shows every attempt.`,
              code: 'cli.ping_failed',
            },
          );
        }
      }),
    );
}
