import { styleText } from 'node:util';
import type { ReactElement } from 'react';
import type { Context } from './context.js';
import { CliError, InterruptedError, UsageError } from './errors.js';

type Style = Parameters<typeof styleText>[0];

export function paint(enabled: boolean, style: Style, text: string): string {
  return enabled ? styleText(style, text) : text;
}

/** `--json`: exactly the API's JSON on stdout, nothing else. */
export function writeJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function writeLine(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Diagnostics (progress, notes) go to stderr so stdout stays pipeable. */
export function note(ctx: Pick<Context, 'color'>, line: string): void {
  process.stderr.write(`${paint(ctx.color.stderr, 'dim', line)}\n`);
}

export function success(ctx: Pick<Context, 'color'>, line: string): void {
  process.stdout.write(`${paint(ctx.color.stdout, 'green', '✓')} ${line}\n`);
}

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  align?: 'left' | 'right';
}

const width = (text: string): number => [...text].length;

/** A plain aligned table: header row, two spaces between columns, no borders (like `gh`). */
export function formatTable<T>(
  rows: readonly T[],
  columns: readonly Column<T>[],
  color = false,
): string {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const widths = columns.map((column, i) =>
    Math.max(width(column.header), ...cells.map((row) => width(row[i] ?? ''))),
  );
  const line = (values: readonly string[]): string =>
    values
      .map((value, i) => {
        const pad = ' '.repeat((widths[i] ?? 0) - width(value));
        return columns[i]?.align === 'right' ? pad + value : value + pad;
      })
      .join('  ')
      .trimEnd();
  const header = paint(color, 'bold', line(columns.map((column) => column.header)));
  return [header, ...cells.map(line)].join('\n');
}

export function writeTable<T>(
  ctx: Pick<Context, 'color'>,
  rows: readonly T[],
  columns: readonly Column<T>[],
): void {
  writeLine(formatTable(rows, columns, ctx.color.stdout));
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

export const money = (amount: number): string => `$${amount.toFixed(2)}`;

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
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const interrupted = new Promise<never>((_, reject) =>
    rl.once('SIGINT', () => reject(new InterruptedError())),
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

/**
 * Draws an Ink screen and resolves with what the screen reports through `done`. Ink and React are
 * imported here, only when a screen is drawn. Ctrl-C (raw mode swallows SIGINT) rejects with
 * InterruptedError.
 */
export async function renderScreen<T>(
  build: (
    done: (value: T) => void,
    fail: (error: unknown) => void,
  ) => ReactElement | Promise<ReactElement>,
): Promise<T> {
  const { render } = await import('ink');
  let settle!: { resolve: (value: T) => void; reject: (error: unknown) => void };
  const result = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
  const element = await build(
    (value) => settle.resolve(value),
    (error) => settle.reject(error),
  );
  const { Interruptible } = await import('./ui/Interruptible.js');
  const { createElement } = await import('react');
  const instance = render(
    createElement(
      Interruptible,
      { onInterrupt: () => settle.reject(new InterruptedError()) },
      element,
    ),
    { exitOnCtrlC: false, stdout: process.stdout, stderr: process.stderr },
  );
  try {
    return await result;
  } finally {
    instance.unmount();
    await instance.waitUntilExit();
  }
}

/**
 * A screen whose props the command keeps changing (a live status line); `stop` leaves the last
 * frame on screen.
 */
export async function renderLive<P extends object>(
  load: () => Promise<(props: P) => ReactElement>,
  initial: P,
  onInterrupt: () => void,
): Promise<{ update: (props: P) => void; stop: () => Promise<void> }> {
  const [{ render }, view, { Interruptible }, { createElement }] = await Promise.all([
    import('ink'),
    load(),
    import('./ui/Interruptible.js'),
    import('react'),
  ]);
  const wrap = (props: P): ReactElement =>
    createElement(Interruptible, { onInterrupt }, view(props));
  const instance = render(wrap(initial), { exitOnCtrlC: false, stdout: process.stderr });
  return {
    update: (props) => instance.rerender(wrap(props)),
    stop: async () => {
      instance.unmount();
      await instance.waitUntilExit();
    },
  };
}

/** The masked email/password screen (login, and the password of a new account). */
export async function promptCredentials(
  heading: string,
  email?: string,
): Promise<{ email: string; password: string }> {
  const [{ LoginForm }, { createElement }] = await Promise.all([
    import('./ui/LoginForm.js'),
    import('react'),
  ]);
  return renderScreen((done) => createElement(LoginForm, { email, heading, onSubmit: done }));
}
