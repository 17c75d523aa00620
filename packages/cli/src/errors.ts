/** Exit codes, documented in the README. */
export const ExitCode = {
  ok: 0,
  error: 1,
  usage: 2,
  auth: 4,
  notFound: 5,
  conflict: 6,
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An expected failure: a message the user can act on, a hint, and the exit code to end with. */
export class CliError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly hint: string | undefined;
  readonly code: string;
  /** From the API's X-Request-Id, shown with --verbose. */
  readonly requestId: string | undefined;
  /** The API's problem+json body, printed on stderr with --json. */
  readonly problem: Record<string, unknown> | undefined;
  /** Whether the failing command printed JSON (--json, or `output json` in its profile). */
  json: boolean | undefined;

  constructor(
    message: string,
    options: {
      exitCode?: ExitCodeValue;
      hint?: string;
      code?: string;
      cause?: unknown;
      requestId?: string | null;
      problem?: Record<string, unknown>;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = options.exitCode ?? ExitCode.error;
    this.hint = options.hint;
    this.code = options.code ?? 'cli.error';
    this.requestId = options.requestId ?? undefined;
    this.problem = options.problem;
    this.json = undefined;
  }

  /** The problem JSON written on stderr under --json; the API's own when there is one. */
  toProblem(): Record<string, unknown> {
    return (
      this.problem ?? {
        type: `urn:shop:problem:${this.code}`,
        title: this.message,
        ...(this.hint ? { detail: this.hint } : {}),
        code: this.code,
      }
    );
  }
}

/** Wrong flags or arguments, or a prompt that cannot be shown: exit 2. */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, { exitCode: ExitCode.usage, hint, code: 'cli.usage' });
    this.name = 'UsageError';
  }
}

/** Ctrl-C, inside an Ink screen (raw mode) or at a prompt: exit 130 without a stack. */
export class InterruptedError extends CliError {
  /** `message` says what the interruption left behind ("No order was placed."). */
  constructor(message = 'Interrupted.') {
    super(message, { exitCode: ExitCode.interrupted, code: 'cli.interrupted' });
    this.name = 'InterruptedError';
  }
}
