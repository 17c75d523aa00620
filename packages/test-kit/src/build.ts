import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Builds the package at `packageDir` (its tsup) when `file` is missing, for suites that run its
 * build as a process and are started alone (`vitest`) rather than by `pnpm test`, which builds.
 */
export function ensureBuilt(packageDir: string, file: string): void {
  if (!existsSync(join(packageDir, file))) {
    execFileSync('pnpm', ['exec', 'tsup'], { cwd: packageDir, stdio: 'inherit' });
  }
}
