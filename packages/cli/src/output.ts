import { styleText } from 'node:util';
import type { ReactElement } from 'react';
import type { Context } from './context.js';
import { CliError, InterruptedError, UsageError } from './errors.js';
import { io } from './io.js';

type Style = Parameters<typeof styleText>[0];

export function paint(enabled: boolean, style: Style, text: string): string {
  return enabled ? styleText(style, text) : text;
}

/** `--json`: exactly the API's JSON on stdout, nothing else. */
export function writeJson(value: unknown): void {
  io().stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function writeLine(line = ''): void {
  io().stdout.write(`${line}\n`);
}

/** Diagnostics (progress, notes) go to stderr so stdout stays pipeable. */
export function note(ctx: Pick<Context, 'color'>, line: string): void {
  io().stderr.write(`${paint(ctx.color.stderr, 'dim', line)}\n`);
}

export function success(ctx: Pick<Context, 'color'>, line: string): void {
  io().stdout.write(`${paint(ctx.color.stdout, 'green', '✓')} ${line}\n`);
}

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  align?: 'left' | 'right';
  /** Free text (a name) that may be cut with `…` to fit the terminal; ids and money never are. */
  shrink?: boolean;
  /** A detail left out when the table would not fit otherwise (a date). */
  optional?: boolean;
}

const width = (text: string): number => [...text].length;
const GAP = 2;
/** The narrowest a cut column gets: a few letters and the `…`. */
const MIN_SHRUNK = 6;

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/**
 * Fits the columns into `maxWidth`: first the widest `shrink` column gives way (down to
 * MIN_SHRUNK), then the next; if that is not enough, `optional` columns are left out, last first.
 * A table no cut can fit (long ids side by side) is left to wrap.
 */
function fitColumns(
  natural: readonly number[],
  columns: readonly Column<unknown>[],
  maxWidth: number,
): { widths: number[]; shown: boolean[] } {
  const shown = columns.map(() => true);
  const fit = (): number[] => {
    const widths = [...natural];
    const total = (): number =>
      widths.reduce((sum, w, i) => sum + (shown[i] ? w : 0), 0) +
      GAP * (shown.filter(Boolean).length - 1);
    const shrinkable = columns
      .map((_, i) => i)
      .filter((i) => shown[i] && columns[i]?.shrink && (widths[i] ?? 0) > MIN_SHRUNK)
      .sort((a, b) => (widths[b] ?? 0) - (widths[a] ?? 0));
    for (const i of shrinkable) {
      const over = total() - maxWidth;
      if (over <= 0) break;
      widths[i] = Math.max(MIN_SHRUNK, (widths[i] ?? 0) - over);
    }
    return total() <= maxWidth ? widths : [];
  };
  let widths = fit();
  for (let i = columns.length - 1; i >= 0 && widths.length === 0; i--) {
    if (columns[i]?.optional) {
      shown[i] = false;
      widths = fit();
    }
  }
  return { widths: widths.length ? widths : [...natural], shown };
}

/**
 * A plain aligned table: header row, two spaces between columns, no borders (like `gh`). With
 * `maxWidth` (a terminal's columns) it fits rows onto one line each rather than let them wrap.
 */
export function formatTable<T>(
  rows: readonly T[],
  columns: readonly Column<T>[],
  color = false,
  maxWidth = Number.POSITIVE_INFINITY,
): string {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const natural = columns.map((column, i) =>
    Math.max(width(column.header), ...cells.map((row) => width(row[i] ?? ''))),
  );
  const { widths, shown } = fitColumns(natural, columns as readonly Column<unknown>[], maxWidth);
  const line = (values: readonly string[]): string =>
    values
      .flatMap((raw, i) => {
        if (!shown[i]) return [];
        const value = cut(raw, widths[i] ?? 0);
        const pad = ' '.repeat(Math.max(0, (widths[i] ?? 0) - width(value)));
        return [columns[i]?.align === 'right' ? pad + value : value + pad];
      })
      .join(' '.repeat(GAP))
      .trimEnd();
  const header = paint(color, 'bold', line(columns.map((column) => column.header)));
  return [header, ...cells.map(line)].join('\n');
}

export function writeTable<T>(
  ctx: Pick<Context, 'color'>,
  rows: readonly T[],
  columns: readonly Column<T>[],
): void {
  const { stdout } = io();
  // Only a terminal has a width to fit; piped output keeps every character.
  writeLine(
    formatTable(rows, columns, ctx.color.stdout, stdout.isTTY ? stdout.columns : undefined),
  );
}

/** Key/value lines for one record. */
export function writeFields(
  ctx: Pick<Context, 'color'>,
  fields: readonly [string, string][],
): void {
  const pad = Math.max(...fields.map(([label]) => width(label)));
  for (const [label, value] of fields) {
    writeLine(`${paint(ctx.color.stdout, 'dim', `${label}:`.padEnd(pad + 1))} ${value}`);
  }
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '-';
  return iso
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z')
    .replace(/Z$/, ' UTC');
}

/** "in 59 minutes" / "3 hours ago": enough precision for a token's expiry. */
export function relativeTime(iso: string, now = Date.now()): string {
  const diff = Date.parse(iso) - now;
  const abs = Math.abs(diff);
  const [value, unit] =
    abs < 90_000
      ? [Math.round(abs / 1000), 'second']
      : abs < 5_400_000
        ? [Math.round(abs / 60_000), 'minute']
        : abs < 129_600_000
          ? [Math.round(abs / 3_600_000), 'hour']
          : [Math.round(abs / 86_400_000), 'day'];
  const text = `${value} ${unit}${value === 1 ? '' : 's'}`;
  return diff >= 0 ? `in ${text}` : `${text} ago`;
}

/**
 * Asks a y/N question on stderr (no Ink: confirmations happen on --json paths too). Off a TTY the
 * command must have been given --yes: that is a usage error naming the flag.
 */
export async function confirm(ctx: Context, question: string, what: string): Promise<void> {
  if (ctx.yes) return;
  if (!ctx.canPrompt) {
    throw new UsageError(`Refusing to ${what} without confirmation.`, 'Pass --yes to confirm.');
  }
  const { stdin, stderr } = io();
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: stdin, output: stderr });
  const interrupted = new Promise<never>((_, reject) =>
    rl.once('SIGINT', () => {
      // Ctrl-C leaves the cursor after "[y/N] ": end that line before saying anything else.
      stderr.write('\n');
      reject(new InterruptedError('Cancelled; nothing was changed.'));
    }),
  );
  try {
    const answer = await Promise.race([rl.question(`${question} [y/N] `), interrupted]);
    if (!/^y(es)?$/i.test(answer.trim())) {
      throw new CliError('Cancelled; nothing was changed.', { code: 'cli.cancelled' });
    }
  } finally {
    rl.close();
  }
}

type InkInstance = { unmount: () => void; waitUntilExit: () => Promise<unknown> };

/**
 * Mounts an Ink screen on `stream` with this run's stdin. Styling follows the same decision as
 * plain output (chalk's own guess ignores NO_COLOR); bracketed paste is switched on so a terminal
 * marks pasted text, which text fields then insert without acting on its line breaks.
 */
async function mount(
  element: ReactElement,
  stream: NodeJS.WriteStream,
  color: boolean,
): Promise<{
  instance: InkInstance & { rerender: (element: ReactElement) => void };
  end: () => Promise<void>;
}> {
  const [{ render }, { default: chalk }] = await Promise.all([import('ink'), import('chalk')]);
  chalk.level = color ? (chalk.level > 0 ? chalk.level : 1) : 0;
  const { stdin } = io();
  const { BRACKETED_PASTE_OFF, BRACKETED_PASTE_ON } = await import('./ui/keys.js');
  const paste = stdin.isTTY === true && stream.isTTY === true;
  if (paste) stream.write(BRACKETED_PASTE_ON);
  const instance = render(element, {
    exitOnCtrlC: false,
    stdin,
    stdout: stream,
    stderr: io().stderr,
    patchConsole: false,
  });
  return {
    instance,
    end: async () => {
      instance.unmount();
      await instance.waitUntilExit();
      if (paste) stream.write(BRACKETED_PASTE_OFF);
    },
  };
}

/**
 * Draws an Ink screen and resolves with what the screen reports through `done`. Ink and React are
 * imported here, only when a screen is drawn. Ctrl-C (raw mode swallows SIGINT) rejects with
 * `interrupted`, the InterruptedError saying what was left undone.
 */
export async function renderScreen<T>(
  ctx: Pick<Context, 'color'>,
  build: (
    done: (value: T) => void,
    fail: (error: unknown) => void,
  ) => ReactElement | Promise<ReactElement>,
  interrupted: () => InterruptedError = () => new InterruptedError(),
): Promise<T> {
  let settle!: { resolve: (value: T) => void; reject: (error: unknown) => void };
  const result = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
  const element = await build(
    (value) => settle.resolve(value),
    (error) => settle.reject(error),
  );
  const { Interruptible } = await import('./ui/Interruptible.js');
  const { createElement } = await import('react');
  const { end } = await mount(
    createElement(Interruptible, { onInterrupt: () => settle.reject(interrupted()) }, element),
    io().stdout,
    ctx.color.stdout,
  );
  try {
    return await result;
  } finally {
    await end();
  }
}

/**
 * A screen whose props the command keeps changing (a live status line, on stderr); `stop` leaves
 * the last frame on screen.
 */
export async function renderLive<P extends object>(
  ctx: Pick<Context, 'color'>,
  load: () => Promise<(props: P) => ReactElement>,
  initial: P,
  onInterrupt: () => void,
): Promise<{ update: (props: P) => void; stop: () => Promise<void> }> {
  const [view, { Interruptible }, { createElement }] = await Promise.all([
    load(),
    import('./ui/Interruptible.js'),
    import('react'),
  ]);
  const wrap = (props: P): ReactElement =>
    createElement(Interruptible, { onInterrupt }, view(props));
  const { instance, end } = await mount(wrap(initial), io().stderr, ctx.color.stderr);
  return {
    update: (props) => instance.rerender(wrap(props)),
    stop: end,
  };
}

/** The masked email/password screen (login, and the password of a new account). */
export async function promptCredentials(
  ctx: Pick<Context, 'color'>,
  heading: string,
  email?: string,
): Promise<{ email: string; password: string }> {
  const [{ LoginForm }, { createElement }] = await Promise.all([
    import('./ui/LoginForm.js'),
    import('react'),
  ]);
  return renderScreen(
    ctx,
    (done) => createElement(LoginForm, { email, heading, onSubmit: done }),
    () => new InterruptedError('Cancelled; nothing was changed.'),
  );
}
