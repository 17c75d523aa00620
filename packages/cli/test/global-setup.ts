import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '@shop/test-kit';

/** The tests run the built binary: build it when `pnpm test` did not (e.g. `vitest` alone). */
export function setup(): void {
  ensureBuilt(fileURLToPath(new URL('..', import.meta.url)), 'dist/bin.js');
}
