import { Readable, Writable } from 'node:stream';
import { main } from '../src/program.js';

/** What one run printed and how it ended; the same shape as a spawned binary's result. */
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
 * Runs `shop <args>` in this process through the program's `main(argv, io)`: stdin, stdout and
 * stderr are captured streams (never a TTY, so no prompt and no colour), the environment is
 * `cleanEnv(options.env)`. About a hundred times cheaper than spawning the binary; spawn it
 * (`runShop` in helpers.ts) only to test start-up, a real terminal, signals or a proxy (undici
 * reads proxy variables from `process.env`).
 *
 *   const { code, stdout, stderr } = await runCli(['items', 'list', '--json'], {
 *     env: { SHOP_API_URL: server.url, SHOP_CONFIG_DIR: dir.path },
 *   });
 */
export async function runCli(
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
