/** The one CLI runner: the program in this process, or the built binary as a child process. */
import { spawn } from 'node:child_process';
import { Readable, Writable } from 'node:stream';

/** What one run printed and how it ended; the same shape in both modes. */
export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Variables on top of a clean environment (no CI, NO_COLOR, FORCE_COLOR, SHOP_* or proxies). */
  env?: Record<string, string | undefined>;
  /** What the program reads on stdin (e.g. for --password-stdin). */
  input?: string;
}

export interface SpawnCliOptions extends CliOptions {
  /** Extra node flags (e.g. --import a loader hook). */
  nodeArgs?: readonly string[];
}

/** The CLI's `main(argv, io)`: the program without its process. */
export type CliMain = (
  argv: readonly string[],
  io: {
    stdin: NodeJS.ReadStream;
    stdout: NodeJS.WriteStream;
    stderr: NodeJS.WriteStream;
    env: Record<string, string>;
  },
) => Promise<number>;

/** The caller's environment without what would change the CLI's behaviour under test. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      value !== undefined &&
      !/^(SHOP_|CI$|NO_COLOR$|FORCE_COLOR$|HTTPS?_PROXY$|NO_PROXY$)/i.test(key)
    )
      env[key] = value;
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined) env[key] = value;
  }
  return env;
}

function capture(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      text += String(chunk);
      callback();
    },
  });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

/**
 * Runs `shop <args>` through `main` in this process: stdin, stdout and stderr are captured
 * streams (never a TTY, so no prompt and no colour), the environment is `cleanEnv(options.env)`.
 * About a hundred times cheaper than spawning; spawn (`runSpawned`) only to test start-up, a real
 * terminal, signals or a proxy (undici reads proxy variables from `process.env`).
 */
export async function runInProcess(
  main: CliMain,
  args: readonly string[],
  options: CliOptions = {},
): Promise<RunResult> {
  const stdout = capture();
  const stderr = capture();
  const stdin = Readable.from(options.input ? [Buffer.from(options.input)] : []);
  const code = await main(['node', 'shop', ...args], {
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: cleanEnv(options.env),
  });
  return { code, signal: null, stdout: stdout.text(), stderr: stderr.text() };
}

/**
 * Runs the built binary `bin` (a `shop` entry file) under this Node with pipes for stdio (so
 * never a TTY) and `cleanEnv(options.env)`.
 */
export function runSpawned(
  bin: string,
  args: readonly string[],
  options: SpawnCliOptions = {},
): Promise<RunResult> {
  const env = cleanEnv(options.env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), bin, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
