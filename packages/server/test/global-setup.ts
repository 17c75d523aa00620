import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '@shop/test-kit';

/** The crash test runs the built `shop-server`: build it when `pnpm test` did not. */
export function setup(): void {
  ensureBuilt(fileURLToPath(new URL('..', import.meta.url)), 'dist/main.js');
}
