import { describe, expect, it } from 'vitest';
import { startWebhookFixture } from './webhooks.js';

describe('startWebhookFixture', () => {
  it('gives an admin, a fresh customer whose endpoint reaches a receiver, and closes both', async () => {
    const fixture = await startWebhookFixture();
    let hookUrl: string;
    try {
      const account = `/api/accounts/${fixture.account.accountId}`;
      expect((await fixture.customer.get(account)).body).toMatchObject({ role: 'customer' });
      // Only its owner or an admin may read an account.
      expect((await fixture.admin.get(account)).status).toBe(200);
      const hook = await fixture.receiver();
      hookUrl = hook.url;
      const endpoint = await fixture.customer.post('/api/webhook-endpoints', {
        url: hook.url,
        events: ['ping'],
      });
      expect(endpoint.status).toBe(201);
      await fixture.customer.post(`/api/webhook-endpoints/${endpoint.body.endpointId}/test`);
      const [ping] = await hook.waitFor(1);
      expect(JSON.parse(ping!.body)).toMatchObject({ type: 'ping' });
    } finally {
      await fixture.close();
    }
    await expect(fetch(hookUrl)).rejects.toThrow();
    await expect(fetch(`${fixture.server.url}/health`)).rejects.toThrow();
  });
});
