import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runSpawned, type RunResult } from '@shop/test-kit';

// The built binary, exactly as users run it (`pnpm test` builds before testing).
const bin = join(
  dirname(createRequire(import.meta.url).resolve('@shop/cli/package.json')),
  'dist',
  'bin.js',
);

/** One user's terminal-less shell: its own config directory and API URL. */
export interface CliUser {
  run(args: string[], stdin?: string): Promise<RunResult>;
  json<T>(args: string[], stdin?: string): Promise<T>;
  cleanup(): void;
}

export function cliUser(apiUrl: string): CliUser {
  const configDir = mkdtempSync(join(tmpdir(), 'shop-e2e-'));
  const run = (args: string[], stdin?: string): Promise<RunResult> =>
    runSpawned(bin, args, {
      input: stdin,
      env: {
        HOME: configDir,
        SHOP_CONFIG_DIR: configDir,
        SHOP_API_URL: apiUrl,
        CI: 'true',
        NO_COLOR: '1',
      },
    });
  return {
    run,
    async json<T>(args: string[], stdin?: string): Promise<T> {
      const result = await run(['--json', ...args], stdin);
      if (result.code !== 0) {
        throw new Error(`shop ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
      }
      return JSON.parse(result.stdout) as T;
    },
    cleanup: () => rmSync(configDir, { recursive: true, force: true }),
  };
}
