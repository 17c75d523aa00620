import { InvalidArgumentError, type Command } from 'commander';
import {
  createContext,
  expiredLogin,
  loginHint,
  type Context,
  type GlobalOptions,
} from '../context.js';
import { CliError, ExitCode } from '../errors.js';
import { toCliError } from '../services/errors.js';
import { io } from '../io.js';

/**
 * Wraps a command body: resolves the context (profile, API URL, token, output mode) and turns
 * whatever it throws into a CliError that knows its hint and exit code.
 */
export function action<O, A extends unknown[]>(
  handler: (ctx: Context, options: O, ...args: A) => Promise<void>,
): (...raw: unknown[]) => Promise<void> {
  return async (...raw) => {
    const command = raw.at(-1) as Command;
    const options = raw.at(-2) as O;
    const args = raw.slice(0, -2) as A;
    let ctx: Context | undefined;
    try {
      ctx = await createContext(command.optsWithGlobals<GlobalOptions>(), io().interrupt.signal);
      await handler(ctx, options, ...args);
    } catch (error) {
      const failure = await toCliError(error, ctx);
      failure.json ??= ctx?.json;
      throw failure;
    }
  };
}

export function integer(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
    }
    return n;
  };
}

export function price(value: string): number {
  if (!/^\d+(\.\d{1,2})?$/.test(value) || Number(value) <= 0) {
    throw new InvalidArgumentError(
      'price must be a positive amount with at most two decimals, e.g. 19.99.',
    );
  }
  return Number(value);
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function jsonObject(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidArgumentError('metadata must be a JSON object, e.g. \'{"color":"red"}\'.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidArgumentError('metadata must be a JSON object, e.g. \'{"color":"red"}\'.');
  }
  return parsed as Record<string, unknown>;
}

/** Reads a secret piped on stdin (`--password-stdin`), without its trailing newline. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io().stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/**
 * Fails early, before any prompt, when there is no login or the stored one has expired (the API
 * would refuse it after the user had picked a whole cart).
 */
export function requireLogin(ctx: Context): void {
  const expired = expiredLogin(ctx);
  if (!ctx.token || expired) {
    throw new CliError(
      expired
        ? `Your login expired at ${expired}.`
        : `You are not logged in (profile ${ctx.profileName}).`,
      { exitCode: ExitCode.auth, hint: loginHint(ctx), code: 'cli.not_logged_in' },
    );
  }
}

/** `--url`, `--forward-to`: an absolute http(s) URL (as the contract's `WebhookUrl` requires). */
export function httpUrl(name: string, example: string) {
  return (value: string): string => {
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new InvalidArgumentError(
        `${name} must be an absolute http(s) URL, e.g. ${example}; got "${value}".`,
      );
    }
    return value;
  };
}
