import type { ChildProcess } from 'node:child_process';

export declare const REPO_ROOT: string;

export interface ChildServer {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code/signal once the process has ended and its output is all in. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (a graceful stop), then waits for the process to end. */
  close(): Promise<void>;
}

export interface SpawnOptions {
  /** Variables on top of the caller's environment (LOG_LEVEL defaults to warn). */
  env?: Record<string, string>;
  /** How long to wait for the start-up banner before killing the process; default 20 s. */
  deadlineMs?: number;
}

export declare function spawnServer(
  args?: readonly string[],
  options?: SpawnOptions,
): Promise<ChildServer>;

export declare function killAll(servers: readonly ChildServer[]): Promise<void>;
