import { fileURLToPath } from 'node:url';
// Not the index: it imports @shop/server, whose dist/ may be what is missing.
import { ensureBuilt } from '../src/build.js';

/** spawnServer's tests run the built `shop-server`: build it when `pnpm test` did not. */
export function setup(): void {
  ensureBuilt(fileURLToPath(new URL('../../server', import.meta.url)), 'dist/main.js');
}
