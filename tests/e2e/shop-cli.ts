import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// The built binary, exactly as users run it (`pnpm test` builds before testing).
const bin = join(
  dirname(createRequire(import.meta.url).resolve('@shop/cli/package.json')),
  'dist',
  'bin.js',
);

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One user's terminal-less shell: its own config directory and API URL. */
export interface CliUser {
  run(args: string[], stdin?: string): Promise<CliResult>;
  json<T>(args: string[], stdin?: string): Promise<T>;
  cleanup(): void;
}

export function cliUser(apiUrl: string): CliUser {
  const configDir = mkdtempSync(join(tmpdir(), 'shop-e2e-'));
  const run = (args: string[], stdin?: string): Promise<CliResult> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [bin, ...args], {
        env: {
          PATH: process.env.PATH,
          HOME: configDir,
          SHOP_CONFIG_DIR: configDir,
          SHOP_API_URL: apiUrl,
          CI: 'true',
          NO_COLOR: '1',
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(stdin ?? '');
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
