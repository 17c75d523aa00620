import { Command, InvalidArgumentError, Option } from 'commander';
import type { EventTypePattern } from '@shop/sdk';
import { UsageError, InterruptedError } from '../errors.js';
import { patternsOption } from '../event-types.js';
import { listenSummaryLine, showListenRecord } from '../listen-view.js';
import { writeJson, writeLine } from '../output.js';
import { listen, listenSecret } from '../services/listen.js';
import { duration } from '../duration.js';
import { action, httpUrl, integer, requireLogin } from './action.js';
import { examples } from './help.js';
import { io } from '../io.js';

interface ListenFlags {
  forwardTo?: string;
  events?: EventTypePattern[];
  since?: number;
  after?: number;
  headers?: [string, string][];
  forwardTimeout: number;
  printSecret?: boolean;
}

/** `Name: value` (repeatable); the Standard Webhooks headers are the signature's own. */
function header(value: string, previous: [string, string][] = []): [string, string][] {
  const colon = value.indexOf(':');
  const name = value.slice(0, colon).trim();
  if (colon < 1 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
    throw new InvalidArgumentError(`"${value}" is not a header; use Name:value, e.g. X-Env:dev.`);
  }
  if (/^webhook-/i.test(name)) {
    throw new InvalidArgumentError(`${name} is set by the signature and cannot be overridden.`);
  }
  return [...previous, [name, value.slice(colon + 1).trim()]];
}

export function listenCommand(): Command {
  return new Command('listen')
    .description('Follow your events live; forward each to a local handler, signed')
    .addHelpText(
      'after',
      `
A first run starts live (from the newest event). Each run keeps in the profile the seq of the
last event it handled, and the next run resumes after it: no gap, no duplicate. --since and
--after start elsewhere (and replace what was kept).

Each event is a line on stdout: "<time>  --> <type> [<event id>] order <id>"; each forward a
line "<time>  <-- [<status>] POST <url> [<event id>]". With --json: one JSON value a line, the
event envelopes and, for forwards, objects of type "listen.forward".

Forwards are POSTs of the envelope, signed as The-Mall signs webhooks (Standard Webhooks,
webhook-id = the event id) with this profile's own secret (--print-secret). A failed forward
(not 2xx, a timeout, a refused connection) is tried again after 1s, 2s and 4s, then counted
failed; forwards go out one at a time, in order, and never hold up the stream.

Ctrl-C stops (exit 130) with a summary on stderr.
${examples(
  'shop listen',
  'shop listen --forward-to http://localhost:3000/webhooks --events "order.*,payment.failed"',
  'shop listen --since 10m --json | jq -c "select(.type == \\"order.paid\\")"',
  'shop listen --forward-to http://localhost:3000/webhooks --headers "X-Env: dev"',
  'SHOP_WEBHOOK_SECRET=$(shop listen --print-secret)',
)}`,
    )
    .addOption(
      new Option('--forward-to <url>', 'POST each event, signed, to this URL').argParser(
        httpUrl('forward-to', 'http://localhost:3000/webhooks'),
      ),
    )
    .addOption(
      patternsOption(
        '--events <types>',
        'only these types, comma-separated: order.paid, order.*, … (default: all)',
      ),
    )
    .addOption(
      new Option(
        '--since <duration>',
        'first replay the events of the last 10m, 2h, 1d …',
      ).argParser(duration('since', { min: 1000, max: 400 * 86_400_000 })),
    )
    .addOption(
      new Option('--after <seq>', 'first replay the events after this seq').argParser(
        integer('after', 0),
      ),
    )
    .option('--headers <header>', 'add a header to forwards, Name:value (repeatable)', header)
    .addOption(
      new Option('--forward-timeout <duration>', 'give a forward this long to answer')
        .argParser(duration('forward-timeout', { min: 100, max: 300_000 }))
        .default(10_000, '10s'),
    )
    .option('--print-secret', "print this profile's forwarding secret and exit")
    .action(
      action(async (ctx, opts: ListenFlags) => {
        if (opts.printSecret) {
          const secret = await listenSecret(ctx);
          return ctx.json ? writeJson({ secret }) : writeLine(secret);
        }
        if (opts.since !== undefined && opts.after !== undefined) {
          throw new UsageError(
            '--since and --after cannot be used together.',
            'Pass --since 10m to replay by time, or --after <seq> to replay after a known event.',
          );
        }
        requireLogin(ctx);
        const summary = await listen(
          ctx,
          {
            types: opts.events,
            after: opts.after,
            sinceMs: opts.since,
            forwardTo: opts.forwardTo,
            headers: Object.fromEntries(opts.headers ?? []),
            forwardTimeoutMs: opts.forwardTimeout,
          },
          (record) => showListenRecord(ctx, record),
        );
        // The terminal echoed ^C after the last event line: the summary starts a line of its own.
        if (io().stderr.isTTY) io().stderr.write('\n');
        throw new InterruptedError(listenSummaryLine(summary));
      }),
    );
}
