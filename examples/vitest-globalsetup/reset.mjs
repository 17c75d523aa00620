// Runs in each test file before its tests: puts the server back to its seed data (12 items with
// stock, admin@shop.local and customer@shop.local), so no file depends on what another did.
import { beforeAll, inject } from 'vitest';

beforeAll(async () => {
  // A JSON body makes this a request no web page can send cross-site, which the server may require.
  const response = await fetch(new URL('/_dev/reset', inject('shopApiUrl')), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  if (!response.ok) throw new Error(`POST /_dev/reset answered ${response.status}`);
});
