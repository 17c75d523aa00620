import { AsyncLocalStorage } from 'node:async_hooks';

/** The streams and environment one run of the program talks to. */
export interface Io {
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C, so a poll in flight stops before the run ends with 130. */
  readonly interrupt: AbortController;
}

const scope = new AsyncLocalStorage<Io>();
let processIo: Io | undefined;

/**
 * The current run's streams: the process's own for the `shop` binary, captured ones when a test
 * runs the program in-process through `main(argv, io)`. Everything that prints, reads stdin or
 * reads the environment goes through here, never through `process.*` directly.
 */
export function io(): Io {
  const current = scope.getStore();
  if (current) return current;
  processIo ??= {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    interrupt: new AbortController(),
  };
  return processIo;
}

/**
 * Runs `run` with the given streams and environment in place of the process's. With none given it
 * runs in the process's own scope, so callbacks from stream events (which lose the async context)
 * still find the right streams.
 */
export function withIo<T>(overrides: Partial<Io> | undefined, run: () => Promise<T>): Promise<T> {
  if (!overrides) return run();
  const base = io();
  return scope.run(
    {
      stdin: overrides.stdin ?? base.stdin,
      stdout: overrides.stdout ?? base.stdout,
      stderr: overrides.stderr ?? base.stderr,
      env: overrides.env ?? base.env,
      interrupt: overrides.interrupt ?? new AbortController(),
    },
    run,
  );
}
