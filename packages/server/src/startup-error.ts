/**
 * A failure the person starting the server can fix (port taken, database locked, bad path…):
 * its message says what happened in one line, `hint` says what to do about it. Extend it for
 * any new expected start-up failure; `shop-server` prints it as one line without a stack.
 */
export class StartupError extends Error {
  override name = 'StartupError';
  /** The system error code behind it, when there is one (EADDRINUSE…). */
  readonly code: string | undefined;
  /** What to do about it, e.g. which flag to change. */
  readonly hint: string | undefined;

  constructor(message: string, options: { code?: string; hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = options.code;
    this.hint = options.hint;
  }
}

/**
 * What `shop-server` prints when it cannot start: one line, naming the fix for expected
 * failures. A stack trace (with this machine's paths) only when asked for with `debug`, since
 * it helps only someone debugging the server itself.
 */
export function formatStartupError(error: unknown, { debug }: { debug: boolean }): string {
  if (!(error instanceof Error)) return `shop-server: ${String(error)}`;
  const line = error.message.split('\n')[0]?.trim() || error.name;
  if (debug) return `shop-server: ${line}\n${error.stack ?? ''}`.trimEnd();
  if (error instanceof StartupError) {
    return `shop-server: ${line}${error.hint === undefined ? '' : `; ${error.hint}`}`;
  }
  return `shop-server: ${line} (LOG_LEVEL=debug shows the stack trace)`;
}
