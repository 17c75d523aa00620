import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { accountsCreateCommand } from './commands/accounts/create.js';
import { accountsGetCommand } from './commands/accounts/get.js';
import { accountsUpdateCommand } from './commands/accounts/update.js';
import { apiCommand } from './commands/api/request.js';
import { loginCommand } from './commands/auth/login.js';
import { logoutCommand } from './commands/auth/logout.js';
import { whoamiCommand } from './commands/auth/whoami.js';
import { completeValuesCommand, completionCommand } from './commands/completion.js';
import { completeWith } from './completion.js';
import { configGetCommand } from './commands/config/get.js';
import { configListCommand } from './commands/config/list.js';
import { configSetCommand } from './commands/config/set.js';
import { configUnsetCommand } from './commands/config/unset.js';
import { eventsDeliveriesCommand } from './commands/events/deliveries.js';
import { eventsGetCommand } from './commands/events/get.js';
import { eventsListCommand } from './commands/events/list.js';
import { eventsResendCommand } from './commands/events/resend.js';
import { inventoryGetCommand } from './commands/inventory/get.js';
import { inventorySetCommand } from './commands/inventory/set.js';
import { itemsCreateCommand } from './commands/items/create.js';
import { itemsDeleteCommand } from './commands/items/delete.js';
import { itemsGetCommand } from './commands/items/get.js';
import { itemsListCommand } from './commands/items/list.js';
import { itemsUpdateCommand } from './commands/items/update.js';
import { listenCommand } from './commands/listen.js';
import { ordersCancelCommand } from './commands/orders/cancel.js';
import { ordersCreateCommand } from './commands/orders/create.js';
import { ordersGetCommand } from './commands/orders/get.js';
import { ordersListCommand } from './commands/orders/list.js';
import { ordersWatchCommand } from './commands/orders/watch.js';
import { paymentsGetCommand } from './commands/payments/get.js';
import { paymentsListCommand } from './commands/payments/list.js';
import { paymentsRefundCommand } from './commands/payments/refund.js';
import { profilesListCommand } from './commands/profiles/list.js';
import { profilesUseCommand } from './commands/profiles/use.js';
import { webhooksCreateCommand } from './commands/webhooks/create.js';
import { webhooksDeleteCommand } from './commands/webhooks/delete.js';
import { webhooksGetCommand } from './commands/webhooks/get.js';
import { webhooksListCommand } from './commands/webhooks/list.js';
import { webhooksRecoverCommand } from './commands/webhooks/recover.js';
import { webhooksRotateSecretCommand } from './commands/webhooks/rotate-secret.js';
import { webhooksTestCommand } from './commands/webhooks/test.js';
import { webhooksUpdateCommand } from './commands/webhooks/update.js';
import { triggerCommand } from './commands/trigger.js';
import { colorEnabled, type GlobalOptions } from './context.js';
import { CONFIG_KEYS } from './config.js';
import { CliError, ExitCode, InterruptedError } from './errors.js';
import { checkId, isIdName } from './ids.js';
import { io, withIo, type Io } from './io.js';
import { closeClients } from './services/client.js';
import { paint } from './output.js';
import { VERSION } from './version.js';

function topic(name: string, description: string, verbs: Command[]): Command {
  const command = new Command(name).description(description);
  for (const verb of verbs) command.addCommand(verb);
  return command;
}

/** The whole command tree. Building it imports no SDK, undici, conf, React or Ink. */
export function buildProgram(): Command {
  const program = new Command('shop')
    .description(
      'Browse the catalog, place and follow orders, and refund payments on The-Mall API.',
    )
    .version(VERSION, '-v, --version', 'print the version')
    .addOption(
      new Option('--api-url <url>', 'API base URL')
        .env('SHOP_API_URL')
        // The same check as `shop config set api-url`; commander names the source (flag or env).
        .argParser(apiUrlArgument),
    )
    .addOption(
      completeWith(
        new Option(
          '--profile <name>',
          'configuration profile (default: the one `shop profiles use` set)',
        ),
        'profiles',
      ),
    )
    .option('--json', 'print the API JSON on stdout, nothing else')
    .option('--color', 'colours even off a terminal (FORCE_COLOR is honoured too)')
    .option('--no-color', 'no colours (NO_COLOR is honoured too)')
    .option('--verbose', 'log each HTTP call (method, URL, status, request id) on stderr')
    .option('-y, --yes', 'skip confirmations')
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 error, 2 bad usage, 4 login needed, 5 not found, 6 conflict, 130 interrupted (Ctrl-C; how `shop listen` ends).',
    );

  program.addCommand(loginCommand());
  program.addCommand(logoutCommand());
  program.addCommand(whoamiCommand());
  program.addCommand(
    topic('accounts', 'Create, show and change accounts', [
      accountsCreateCommand(),
      accountsGetCommand(),
      accountsUpdateCommand(),
    ]),
  );
  program.addCommand(
    topic('items', 'The catalog', [
      itemsListCommand(),
      itemsGetCommand(),
      itemsCreateCommand(),
      itemsUpdateCommand(),
      itemsDeleteCommand(),
    ]),
  );
  program.addCommand(
    topic('inventory', 'Stock levels', [inventoryGetCommand(), inventorySetCommand()]),
  );
  program.addCommand(
    topic('orders', 'Place, follow and cancel orders', [
      ordersCreateCommand(),
      ordersListCommand(),
      ordersGetCommand(),
      ordersCancelCommand(),
      ordersWatchCommand(),
    ]),
  );
  program.addCommand(
    topic('payments', 'Payments and refunds', [
      paymentsGetCommand(),
      paymentsListCommand(),
      paymentsRefundCommand(),
    ]),
  );
  program.addCommand(
    topic('events', 'The event log: list, inspect and deliver again', [
      eventsListCommand(),
      eventsGetCommand(),
      eventsDeliveriesCommand(),
      eventsResendCommand(),
    ]),
  );
  program.addCommand(
    topic('webhooks', 'Endpoints that receive signed events', [
      webhooksCreateCommand(),
      webhooksListCommand(),
      webhooksGetCommand(),
      webhooksUpdateCommand(),
      webhooksDeleteCommand(),
      webhooksRotateSecretCommand(),
      webhooksTestCommand(),
      webhooksRecoverCommand(),
    ]),
  );
  program.addCommand(
    topic('config', 'Settings of the current profile', [
      configListCommand(),
      configGetCommand(),
      configSetCommand(),
      configUnsetCommand(),
    ]),
  );
  program.addCommand(
    topic('profiles', 'Named sets of settings and logins', [
      profilesListCommand(),
      profilesUseCommand(),
    ]),
  );
  program.addCommand(triggerCommand());
  program.addCommand(listenCommand());
  program.addCommand(apiCommand());
  program.addCommand(completionCommand());
  program.addCommand(completeValuesCommand(), { hidden: true });

  applyToEveryCommand(program);
  return program;
}

/** `--api-url` and SHOP_API_URL: a bad URL is a usage error before any request. */
function apiUrlArgument(value: string): string {
  try {
    return CONFIG_KEYS['api-url'](value);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    throw new InvalidArgumentError(`${error.message} ${error.hint ?? ''}`.trim());
  }
}

/** Settings every command needs, applied to the whole tree so a new command cannot miss them. */
function applyToEveryCommand(command: Command): void {
  // Usage errors exit 2 (commander would exit 1); we decide every exit code in main().
  command.exitOverride();
  // `shop orders get --help` lists --json, --yes, --profile … too.
  command.configureHelp({ showGlobalOptions: true });
  // Every id argument or flag named after a contract parameter (<orderId>, --order <orderId>)
  // is checked against the contract's pattern before any request is made.
  for (const argument of command.registeredArguments) {
    const name = argument.name();
    if (isIdName(name) && !argument.parseArg) argument.argParser((v: string) => checkId(name, v));
  }
  for (const option of command.options) {
    const name = /<(\w+)>/.exec(option.flags)?.[1];
    if (name && isIdName(name) && !option.parseArg)
      option.argParser((v: string) => checkId(name, v));
  }
  for (const child of command.commands) applyToEveryCommand(child);
}

/** Prints a failure (one line, a hint, the request id with --verbose) and returns its exit code. */
function reportError(error: unknown, options: GlobalOptions): number {
  if (error instanceof CommanderError) {
    // commander has printed its message (or the help / version) already. Help that was asked
    // for ends 0; help shown because a command was incomplete, and every parse error, end 2.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  const failure =
    error instanceof CliError
      ? error
      : new CliError(String(error), { code: 'cli.internal', cause: error });
  if (failure.exitCode === ExitCode.interrupted) {
    // One plain line saying what the interruption left behind, never a frozen screen alone.
    io().stderr.write(`${failure.message}\n`);
    return failure.exitCode;
  }
  if (options.json ?? failure.json) {
    io().stderr.write(`${JSON.stringify(failure.toProblem())}\n`);
    return failure.exitCode;
  }
  const color = colorEnabled(options, io().stderr);
  const lines = [`${paint(color, 'red', 'Error:')} ${failure.message}`];
  if (failure.hint) lines.push(`${paint(color, 'dim', 'Hint:')} ${failure.hint}`);
  if (options.verbose && failure.requestId)
    lines.push(`${paint(color, 'dim', 'Request id:')} ${failure.requestId}`);
  if (options.verbose && failure.code === 'cli.internal' && failure.cause instanceof Error) {
    lines.push(failure.cause.stack ?? String(failure.cause));
  } else if (options.verbose) {
    // A connection failure's reason (refused, DNS, TLS, proxy) sits a few causes down.
    for (let cause = failure.cause; cause instanceof Error; cause = cause.cause) {
      if (!('status' in cause)) lines.push(`${paint(color, 'dim', 'Cause:')} ${cause.message}`);
    }
  }
  io().stderr.write(`${lines.join('\n')}\n`);
  return failure.exitCode;
}

/**
 * Runs one command line and returns its exit code. `shop` calls it with the process's streams;
 * tests pass their own (`runInProcess` in @shop/test-kit) to run the program in-process.
 */
export async function main(argv: readonly string[], streams?: Partial<Io>): Promise<number> {
  return withIo(streams, async () => {
    const program = buildProgram();
    const { stdout, stderr, interrupt } = io();
    // commander prints help and usage errors itself: to this run's streams.
    const route = (command: Command): void => {
      command.configureOutput({
        writeOut: (text) => stdout.write(text),
        writeErr: (text) => stderr.write(text),
        getOutHelpWidth: () => stdout.columns ?? 80,
        getErrHelpWidth: () => stderr.columns ?? 80,
      });
      for (const child of command.commands) route(child);
    };
    route(program);
    const signalled = (): void => {
      // A second Ctrl-C, or a command that does not stop within a second, leaves at once.
      if (interrupt.signal.aborted) process.exit(ExitCode.interrupted);
      // The first lets the command say what the interruption left behind.
      interrupt.abort();
      setTimeout(() => process.exit(ExitCode.interrupted), 1000).unref();
    };
    if (!streams) {
      // `shop items list | head -1`: the reader left; stop quietly, as other CLIs do.
      process.stdout.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') process.exit(ExitCode.ok);
        throw error;
      });
      // Ctrl-C outside a raw-mode screen: stop what is in flight and leave with 130, no stack.
      process.on('SIGINT', signalled);
    }
    try {
      await program.parseAsync(argv);
      // Ctrl-C came while a request that ignores the signal finished: still an interruption.
      if (interrupt.signal.aborted) throw new InterruptedError();
      return ExitCode.ok;
    } catch (error) {
      return reportError(error, program.opts<GlobalOptions>());
    } finally {
      await closeClients();
    }
  });
}
