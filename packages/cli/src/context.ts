import {
  CONFIG_KEYS,
  DEFAULT_API_URL,
  DEFAULT_PROFILE,
  assertProfileName,
  openConfig,
  type ConfigStore,
  type Profile,
} from './config.js';
import { CliError, UsageError } from './errors.js';
import { io } from './io.js';

/** The global flags, as commander parses them (`--no-color` gives `color: false`). */
export interface GlobalOptions {
  apiUrl?: string;
  profile?: string;
  json?: boolean;
  color?: boolean;
  verbose?: boolean;
  yes?: boolean;
}

/** Everything a command needs besides its own flags: resolved once per run. */
export interface Context {
  readonly config: ConfigStore;
  readonly profileName: string;
  readonly profile: Profile;
  readonly apiUrl: string;
  /** `SHOP_TOKEN` wins over the token stored by `shop login`. */
  readonly token: string | undefined;
  readonly tokenSource: 'env' | 'profile' | undefined;
  readonly json: boolean;
  readonly verbose: boolean;
  readonly yes: boolean;
  /** Colour for human output on the given stream (see colorEnabled). */
  readonly color: { stdout: boolean; stderr: boolean };
  /** y/N questions on stderr may be asked. */
  readonly canPrompt: boolean;
  /** Full-screen Ink prompts may be drawn (a TTY both ways, not CI, not --json). */
  readonly interactive: boolean;
  readonly signal: AbortSignal;
}

function isCi(env: NodeJS.ProcessEnv = io().env): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/**
 * Whether to style output on `stream`: the one decision behind plain output and Ink screens alike.
 * `--color`/`--no-color` win; then FORCE_COLOR (`0`/`false` turn it off, anything else on, as in
 * Node and chalk); then a non-empty NO_COLOR (no-color.org); else only on a terminal that is not
 * `dumb`. `--json` output is never styled.
 */
export function colorEnabled(
  options: Pick<GlobalOptions, 'color' | 'json'>,
  stream: { isTTY?: boolean },
  env: NodeJS.ProcessEnv = io().env,
): boolean {
  if (options.json) return false;
  if (options.color !== undefined) return options.color;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/**
 * SHOP_API_URL as this run sees it, checked like `config set api-url`. (The binary's commander
 * option checks the process's variable already; an in-process run brings its own environment.)
 */
function apiUrlVariable(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return CONFIG_KEYS['api-url'](value);
  } catch (error) {
    if (error instanceof CliError)
      throw new UsageError(`SHOP_API_URL: ${error.message}`, error.hint);
    throw error;
  }
}

export async function createContext(options: GlobalOptions, signal: AbortSignal): Promise<Context> {
  const { stdin, stdout, stderr, env } = io();
  const config = openConfig();
  const profileName = options.profile ?? env.SHOP_PROFILE ?? config.currentProfile();
  assertProfileName(profileName || DEFAULT_PROFILE);
  const profile = config.getProfile(profileName) ?? {};
  const envToken = env.SHOP_TOKEN || undefined;
  const json = options.json ?? profile.output === 'json';
  const canPrompt = stdin.isTTY === true && stderr.isTTY === true && !isCi(env);
  return {
    config,
    profileName,
    profile,
    apiUrl: (
      options.apiUrl ??
      apiUrlVariable(env.SHOP_API_URL) ??
      profile['api-url'] ??
      DEFAULT_API_URL
    ).replace(/\/+$/, ''),
    token: envToken ?? profile.token,
    tokenSource: envToken ? 'env' : profile.token ? 'profile' : undefined,
    json,
    verbose: options.verbose === true,
    yes: options.yes === true,
    color: {
      stdout: colorEnabled({ ...options, json }, stdout),
      stderr: colorEnabled({ ...options, json }, stderr),
    },
    canPrompt,
    interactive: canPrompt && stdout.isTTY === true && !json,
    signal,
  };
}

/** The command that fixes a missing or expired login for this profile. */
export function loginHint(ctx: Pick<Context, 'profileName'>): string {
  return `Run \`shop login${ctx.profileName === DEFAULT_PROFILE ? '' : ` --profile ${ctx.profileName}`}\`.`;
}

/** When the stored login expired, if it has (a SHOP_TOKEN is the caller's business). */
export function expiredLogin(ctx: Pick<Context, 'tokenSource' | 'profile'>): string | undefined {
  const expiresAt = ctx.tokenSource === 'profile' ? ctx.profile.tokenExpiresAt : undefined;
  return expiresAt && Date.parse(expiresAt) <= Date.now() ? expiresAt : undefined;
}
