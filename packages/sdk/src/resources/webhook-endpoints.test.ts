import { startReceiver } from '@shop/test-kit';
import { describe, expect, it } from 'vitest';
import { InternalServerError, NotFoundError } from '../errors.js';
import { verifyWebhook } from '../webhooks/verify.js';
import { newCustomer, noWait, useShop } from '../../test/server.js';

// `dev` lets endpoints point at 127.0.0.1, where the test receiver listens.
const env = useShop({ dev: true });

describe('webhookEndpoints', () => {
  it('creates, lists, reads, updates, tests, rotates, recovers and deletes an endpoint', async () => {
    const receiver = await startReceiver();
    try {
      const { shop } = await newCustomer(env.url);
      const created = await shop.webhookEndpoints.create({
        url: receiver.url,
        events: ['order.*'],
        description: 'SDK test',
      });
      expect(created).toMatchObject({ url: receiver.url, status: 'enabled', scope: 'own' });
      expect(created.secret).toMatch(/^whsec_/);
      const { endpointId } = created;

      expect((await shop.webhookEndpoints.list()).map((e) => e.endpointId)).toEqual([endpointId]);
      const read = await shop.webhookEndpoints.get(endpointId);
      expect(read.description).toBe('SDK test');
      expect(read.secret).toBeUndefined();

      const updated = await shop.webhookEndpoints.update(endpointId, { description: null });
      expect(updated.description).toBeNull();

      // `test` sends a ping, signed with the endpoint's secret.
      const ping = await shop.webhookEndpoints.test(endpointId);
      expect(ping.type).toBe('ping');
      const [delivery] = await receiver.waitFor(1);
      const headers = delivery?.headers as Record<string, string>;
      const verified = await verifyWebhook(delivery?.body ?? '', headers, created.secret);
      expect(verified.id).toBe(ping.id);
      // The receiver has the ping before the server has its answer: the attempt is recorded
      // once the 2xx reaches the server, with other outcomes in one write.
      await expect
        .poll(() => shop.events.deliveries(ping.id), { timeout: 10_000, interval: 20 })
        .toHaveLength(1);

      const rotated = await shop.webhookEndpoints.rotateSecret(endpointId);
      expect(rotated.secret).toMatch(/^whsec_/);
      expect(rotated.secret).not.toBe(created.secret);

      // Nothing failed, so there is nothing to deliver again.
      const since = new Date(Date.now() - 60_000).toISOString();
      expect(await shop.webhookEndpoints.recover(endpointId, { since })).toBe(0);

      await shop.webhookEndpoints.delete(endpointId);
      await expect(shop.webhookEndpoints.get(endpointId)).rejects.toBeInstanceOf(NotFoundError);
    } finally {
      await receiver.close();
    }
  });

  it('does not retry a create the API cannot deduplicate, even with an idempotencyKey', async () => {
    const { shop, attempts } = await newCustomer(env.url, { sleep: noWait });
    // The server commits the endpoint, then answers 503: a retry would make a second one.
    const lost = await shop.webhookEndpoints
      .create(
        { url: 'https://example.com/hooks', events: ['order.*'] },
        { idempotencyKey: 'endpoint-1', headers: { prefer: 'fault=503; phase=after' } },
      )
      .catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(InternalServerError);
    expect(attempts.map((a) => a.status)).toEqual([503]);
    expect(await shop.webhookEndpoints.list()).toHaveLength(1);
  });
});
