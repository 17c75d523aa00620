import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import envPaths from 'env-paths';
import { CliError, UsageError } from './errors.js';
import { io } from './io.js';

/** What one profile keeps. Settable keys are in CONFIG_KEYS; the rest is written by login. */
export interface Profile {
  'api-url'?: string;
  output?: 'json' | 'table';
  token?: string;
  tokenExpiresAt?: string;
  accountId?: string;
  email?: string;
  /** `shop listen`: the local secret (`whsec_…`) that signs forwarded events; made once. */
  listenSecret?: string;
  /** `shop listen`: the last seq handled, and the API it belongs to, so a restart resumes. */
  listenSeq?: string;
  listenApiUrl?: string;
}

interface StoreShape {
  currentProfile: string;
  profiles: Record<string, Profile>;
}

export const DEFAULT_PROFILE = 'default';
export const DEFAULT_API_URL = 'http://localhost:4010';

/** The keys `shop config` may set, each with its validator (returns the normalised value). */
export const CONFIG_KEYS = {
  'api-url': (value: string): string => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new UsageError(`"${value}" is not a URL.`, 'Pass a URL such as http://localhost:4010.');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new UsageError(
        `"${value}" is not an http(s) URL.`,
        'Pass a URL such as http://localhost:4010.',
      );
    }
    return value.replace(/\/+$/, '');
  },
  output: (value: string): 'json' | 'table' => {
    if (value !== 'json' && value !== 'table') {
      throw new UsageError(`"${value}" is not a valid output.`, 'Valid values: json, table.');
    }
    return value;
  },
} as const;

export type ConfigKey = keyof typeof CONFIG_KEYS;

export const CONFIG_KEY_NAMES = Object.keys(CONFIG_KEYS) as ConfigKey[];

export function assertConfigKey(key: string): asserts key is ConfigKey {
  if (!Object.hasOwn(CONFIG_KEYS, key)) {
    throw new UsageError(
      `Unknown config key "${key}".`,
      `Valid keys: ${CONFIG_KEY_NAMES.join(', ')}.`,
    );
  }
}

export function assertProfileName(name: string): void {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
    throw new UsageError(
      `"${name}" is not a valid profile name.`,
      'Use letters, digits, "-" and "_" (up to 64 characters).',
    );
  }
}

export interface ConfigStore {
  readonly path: string;
  currentProfile(): string;
  setCurrentProfile(name: string): Promise<void>;
  profiles(): Record<string, Profile>;
  getProfile(name: string): Profile | undefined;
  /** Merges `patch` into the profile (creating it); an `undefined` value removes that key. */
  updateProfile(
    name: string,
    patch: Partial<Record<keyof Profile, string | undefined>>,
  ): Promise<void>;
}

/** The user's config directory (`SHOP_CONFIG_DIR` overrides, for tests and sandboxes). */
function configDirectory(): string {
  return io().env.SHOP_CONFIG_DIR || envPaths('shop', { suffix: '' }).config;
}

const DEFAULTS: StoreShape = { currentProfile: DEFAULT_PROFILE, profiles: {} };

function readStore(path: string): StoreShape {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULTS;
    throw error;
  }
  try {
    return { ...DEFAULTS, ...(JSON.parse(text) as Partial<StoreShape>) };
  } catch (error) {
    throw new CliError(`The configuration file ${path} is not valid JSON.`, {
      hint: 'Fix it by hand, or delete it and run `shop login` again.',
      code: 'cli.config_invalid',
      cause: error,
    });
  }
}

/**
 * The configuration: one JSON file in the user's config directory. Reads are a JSON.parse of that
 * file; writes go through conf (atomic, file mode 0600), imported only when a command writes —
 * conf pulls in ajv, which would otherwise cost every command its start-up time.
 */
export function openConfig(): ConfigStore {
  const directory = configDirectory();
  const path = join(directory, 'config.json');
  let data = readStore(path);
  let writer:
    | Promise<{ set: (key: keyof StoreShape, value: unknown) => void; store: StoreShape }>
    | undefined;
  const write = async (key: keyof StoreShape, value: unknown): Promise<void> => {
    writer ??= import('conf').then(
      ({ default: Conf }) =>
        new Conf<StoreShape>({
          projectName: 'shop',
          cwd: directory,
          // Tokens live here: readable by the user only.
          configFileMode: 0o600,
          // Profile names are keys; keep dots in them literal.
          accessPropertiesByDotNotation: false,
          defaults: DEFAULTS,
        }),
    );
    const store = await writer;
    store.set(key, value);
    data = store.store;
  };
  return {
    path,
    currentProfile: () => data.currentProfile,
    setCurrentProfile: (name) => write('currentProfile', name),
    profiles: () => data.profiles,
    getProfile: (name) => data.profiles[name],
    updateProfile: async (name, patch) => {
      // Merge into the file as it is now: another run (a login, or a long `shop listen`) may
      // have written it since this one read it.
      data = readStore(path);
      const next: Record<string, string | undefined> = { ...data.profiles[name] };
      for (const [key, value] of Object.entries(patch)) {
        if (value === undefined) delete next[key];
        else next[key] = value;
      }
      await write('profiles', { ...data.profiles, [name]: next as Profile });
    },
  };
}
