import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { DEFAULT_API_URL } from './config.js';

// The CLI does not load the SDK to start, so it keeps its own copy of the SDK's default URL.
it("defaults to the contract's local server URL", () => {
  const contract = readFileSync(new URL('../../../openapi.yaml', import.meta.url), 'utf8');
  const servers = [...contract.matchAll(/^ {2}- url: (\S+)$/gm)].map((match) => match[1]);
  expect(servers).toContain(DEFAULT_API_URL);
});

// A long-running command (`shop listen`) writes its profile while other runs log in elsewhere:
// each write merges into what is on disk now, not into what the process read at start.
it('keeps changes another process made to the file since this one opened it', async () => {
  const { openConfig } = await import('./config.js');
  const { withIo } = await import('./io.js');
  const dir = mkdtempSync(join(tmpdir(), 'shop-config-'));
  try {
    await withIo({ env: { SHOP_CONFIG_DIR: dir } }, async () => {
      const first = openConfig();
      const second = openConfig();
      await second.updateProfile('staging', { token: 'tok-staging' });
      await first.updateProfile('default', { email: 'a@example.com' });
      await second.updateProfile('default', { accountId: 'acc-1' });
      expect(openConfig().profiles()).toEqual({
        staging: { token: 'tok-staging' },
        default: { email: 'a@example.com', accountId: 'acc-1' },
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
