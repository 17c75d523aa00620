import { UsageError } from './errors.js';

/** What one profile keeps. Settable keys are in CONFIG_KEYS; the rest is written by login. */
export interface Profile {
  'api-url'?: string;
  output?: 'json' | 'table';
  token?: string;
  tokenExpiresAt?: string;
  accountId?: string;
  email?: string;
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
  setCurrentProfile(name: string): void;
  profiles(): Record<string, Profile>;
  getProfile(name: string): Profile | undefined;
  /** Merges `patch` into the profile (creating it); an `undefined` value removes that key. */
  updateProfile(name: string, patch: Partial<Record<keyof Profile, string | undefined>>): void;
}

let opened: Promise<ConfigStore> | undefined;

/**
 * Opens the conf store in the user's config directory (`SHOP_CONFIG_DIR` overrides). conf pulls in
 * ajv, so it is imported only when a command needs the configuration, never for --version/--help.
 */
export function openConfig(): Promise<ConfigStore> {
  opened ??= (async () => {
    const { default: Conf } = await import('conf');
    const store = new Conf<StoreShape>({
      projectName: 'shop',
      projectSuffix: '',
      cwd: process.env.SHOP_CONFIG_DIR || undefined,
      // Tokens live here: readable by the user only.
      configFileMode: 0o600,
      // Profile names are keys; keep dots in them literal.
      accessPropertiesByDotNotation: false,
      defaults: { currentProfile: DEFAULT_PROFILE, profiles: {} },
    });
    return {
      path: store.path,
      currentProfile: () => store.get('currentProfile'),
      setCurrentProfile: (name) => store.set('currentProfile', name),
      profiles: () => store.get('profiles'),
      getProfile: (name) => store.get('profiles')[name],
      updateProfile: (name, patch) => {
        const profiles = store.get('profiles');
        const next: Record<string, string | undefined> = { ...profiles[name] };
        for (const [key, value] of Object.entries(patch)) {
          if (value === undefined) delete next[key];
          else next[key] = value;
        }
        store.set('profiles', { ...profiles, [name]: next as Profile });
      },
    };
  })();
  return opened;
}
