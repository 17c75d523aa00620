import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  client as api,
  login,
  startWebhookFixture,
  type Client as Api,
  type Receiver,
  type WebhookFixture,
} from '@shop/test-kit';
import { FAST_SCHEDULE_MS } from './schedule.js';

const DAY_MS = 24 * 3600_000;
let fixture: WebhookFixture | undefined;
let hook: Receiver | undefined;
let offsetMs = 0;
let healthy = false;

beforeEach(() => {
  offsetMs = 0;
  healthy = false;
});

afterEach(async () => {
  await fixture?.close();
});

async function setUp(
  schedule?: readonly number[],
): Promise<{ client: Api; endpointId: string; relogin: () => Promise<Api> }> {
  fixture = await startWebhookFixture({
    ...(schedule ? { webhookSchedule: schedule } : {}),
    now: () => new Date(Date.now() + offsetMs),
  });
  hook = await fixture.receiver((_i, res) => {
    res.statusCode = healthy ? 200 : 500;
    res.end();
  });
  const { customer: client, account: customer } = fixture;
  const endpoint = await client.post('/api/webhook-endpoints', { url: hook.url, events: ['*'] });
  const url = fixture.server.url;
  // Tokens expire on the server's clock too: after a jump, log in again.
  const relogin = async () => api(url, await login(url, customer.email, customer.password));
  return { client, endpointId: endpoint.body.endpointId as string, relogin };
}

const until = async (check: () => Promise<boolean>, what: string): Promise<void> => {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never happened: ${what}`);
};

describe('the delivery schedule on the server clock', () => {
  it('steps through the real schedule, and disables an endpoint failing for 5 days', async () => {
    const { client: first, endpointId, relogin } = await setUp();
    let client = first;
    await client.post(`/api/webhook-endpoints/${endpointId}/test`);
    await hook!.waitFor(1);
    // The second attempt is due 5 s (±20 %) later on the server's clock, not before.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(hook!.received).toHaveLength(1);
    offsetMs += 6_000;
    await hook!.waitFor(2);
    // Five days on, the next failure disables the endpoint and says so in the log.
    offsetMs += 5 * DAY_MS;
    await hook!.waitFor(3);
    client = await relogin();
    await until(
      async () =>
        (await client.get(`/api/webhook-endpoints/${endpointId}`)).body.status === 'disabled',
      'the endpoint is disabled',
    );
    const endpoint = await client.get(`/api/webhook-endpoints/${endpointId}`);
    expect(endpoint.body.disabledReason).toBe('failing');
    const disabled = await client.get('/api/events?types=webhook_endpoint.disabled');
    expect(disabled.body.data).toHaveLength(1);
    expect(disabled.body.data[0].data).toMatchObject({
      object: { endpointId, status: 'disabled' },
      previous: { status: 'enabled' },
    });
  });

  it('dates an attempt when it was sent, even if the clock jumps while the receiver answers', async () => {
    // The receiver moves the server's clock before it answers: 6 s on, then 5 days on. An
    // attempt's outcome is written a moment after its response, so reading the clock then
    // counted the jump into the attempt it interrupted (attempt 2 disabled the endpoint).
    const jumps = [6_000, 5 * DAY_MS];
    fixture = await startWebhookFixture({ now: () => new Date(Date.now() + offsetMs) });
    hook = await fixture.receiver((index, res) => {
      offsetMs += jumps[index] ?? 0;
      res.statusCode = 500;
      res.end();
    });
    const { customer: client, account } = fixture;
    const endpoint = await client.post('/api/webhook-endpoints', { url: hook.url, events: ['*'] });
    const endpointId = endpoint.body.endpointId as string;
    const ping = await client.post(`/api/webhook-endpoints/${endpointId}/test`);
    const got = await hook.waitFor(3);

    // Tokens expire on the server's clock too: after the jump, log in again.
    const again = api(
      fixture.server.url,
      await login(fixture.server.url, account.email, account.password),
    );
    let attempts: { attemptedAt: string; durationMs: number; nextAttemptAt: string | null }[] = [];
    await until(async () => {
      attempts = (await again.get(`/api/events/${ping.body.id}/deliveries`)).body.data;
      return attempts.length === 3;
    }, 'three attempts recorded');
    // Each attempt is dated with the timestamp it was signed with…
    attempts.forEach((attempt, i) =>
      expect(Math.floor(Date.parse(attempt.attemptedAt) / 1000)).toBe(
        Number(got[i]!.headers['webhook-timestamp']),
      ),
    );
    // …and the next one is due the schedule's delay (±20 %) after it ended: 5 s, then 5 min. The
    // slack covers the rounding of the times and the statements around the request.
    const slackMs = 20;
    const delay = (i: number) =>
      Date.parse(attempts[i]!.nextAttemptAt!) -
      Date.parse(attempts[i]!.attemptedAt) -
      attempts[i]!.durationMs;
    for (const [i, baseMs] of [
      [0, 5_000],
      [1, 5 * 60_000],
    ] as const) {
      expect(delay(i)).toBeGreaterThanOrEqual(0.8 * baseMs - slackMs);
      expect(delay(i)).toBeLessThanOrEqual(1.2 * baseMs + slackMs);
    }
    // Failing for 5 days is reached by the third attempt, the first one after the jump.
    await until(
      async () =>
        (await again.get(`/api/webhook-endpoints/${endpointId}`)).body.status === 'disabled',
      'the endpoint is disabled',
    );
  });

  it('recovers failed deliveries and resends an event with the same webhook-id', async () => {
    const { client, endpointId } = await setUp(FAST_SCHEDULE_MS);
    const since = new Date(Date.now() - 1000).toISOString();
    const ping = await client.post(`/api/webhook-endpoints/${endpointId}/test`);
    await hook!.waitFor(FAST_SCHEDULE_MS.length);
    await until(async () => {
      const deliveries = await client.get(`/api/events/${ping.body.id}/deliveries`);
      return deliveries.body.data.at(-1)?.nextAttemptAt === null;
    }, 'the schedule runs out');
    healthy = true;
    const recovered = await client.post(`/api/webhook-endpoints/${endpointId}/recover`, { since });
    expect(recovered.body).toEqual({ requeued: 1 });
    await hook!.waitFor(FAST_SCHEDULE_MS.length + 1);
    const resent = await client.post(`/api/events/${ping.body.id}/resend`, { endpointId });
    expect(resent.body).toEqual({ requeued: 1 });
    const got = await hook!.waitFor(FAST_SCHEDULE_MS.length + 2);
    expect(new Set(got.map((r) => r.headers['webhook-id']))).toEqual(new Set([ping.body.id]));
    expect(
      (await client.post(`/api/webhook-endpoints/${endpointId}/recover`, { since })).body,
    ).toEqual({ requeued: 0 });
  });
});
