import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { DEFAULT_API_URL } from './config.js';

// The CLI does not load the SDK to start, so it keeps its own copy of the SDK's default URL.
it("defaults to the contract's local server URL", () => {
  const contract = readFileSync(new URL('../../../openapi.yaml', import.meta.url), 'utf8');
  const servers = [...contract.matchAll(/^ {2}- url: (\S+)$/gm)].map((match) => match[1]);
  expect(servers).toContain(DEFAULT_API_URL);
});
