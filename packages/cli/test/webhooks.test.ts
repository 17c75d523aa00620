import type { RunningServer } from '@shop/server';
import {
  client as api,
  registerCustomer,
  startInProcess,
  startWebhookFixture,
  stockedItem,
  type Receiver,
  type WebhookFixture,
} from '@shop/test-kit';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson, shopBinFor, shopFor, tempDir, type RunResult } from './helpers.js';

let fixture: WebhookFixture;
let server: RunningServer;
let itemId: string;
const dirs: ReturnType<typeof tempDir>[] = [];

const ok = (result: RunResult): RunResult => {
  expect(result.code, result.stderr).toBe(0);
  return result;
};

beforeAll(async () => {
  // A short schedule lets a failing delivery run out.
  fixture = await startWebhookFixture({ webhookSchedule: [0, 50, 100], paymentDelayMs: 20 });
  server = fixture.server;
  itemId = await stockedItem(fixture.admin, 1000);
});

afterAll(async () => {
  await fixture?.close();
  for (const dir of dirs) dir.remove();
});

/** A fresh customer: `shop` in-process, `shopBin` the built binary, and its HTTP client. */
async function customer() {
  const { token } = await registerCustomer(server.url);
  const dir = tempDir('shop-cli-webhooks-');
  dirs.push(dir);
  const env = { SHOP_TOKEN: token };
  const inProcess = shopFor(server.url, dir.path);
  const bin = shopBinFor(server.url, dir.path);
  return {
    shop: (args: readonly string[]) => inProcess(args, { env }),
    shopBin: (args: readonly string[]) => bin(args, { env }),
    http: api(server.url, token),
  };
}

const headersOf = (r: Receiver, i: number) => r.received[i]?.headers as Record<string, string>;

/** The secret printed by `webhooks create` or `rotate-secret` on a person's screen. */
const printedSecret = (stdout: string): string => /^Secret: +(whsec_\S+)$/m.exec(stdout)?.[1] ?? '';

describe('shop webhooks', () => {
  it('creates an endpoint whose printed secret verifies a real delivery with standardwebhooks', async () => {
    const { shopBin, http } = await customer();
    const hook = await fixture.receiver();
    const created = ok(
      await shopBin([
        'webhooks',
        'create',
        '--url',
        hook.url,
        '--events',
        'order.*',
        '--description',
        'shop test',
      ]),
    );
    const secret = printedSecret(created.stdout);
    expect(secret).toMatch(/^whsec_/);
    expect(created.stdout).toMatch(/^Events: +order\.\*$/m);
    expect(created.stderr).toContain('This secret will not be shown again');

    const order = await http.post('/api/orders', { items: [{ itemId, quantity: 1 }] });
    expect(order.status).toBe(201);
    const [first] = await hook.waitFor(1);
    const event = new Webhook(secret).verify(first!.body, headersOf(hook, 0)) as { type: string };
    expect(event.type).toBe('order.created');
  });

  it('--json prints the API body with the secret and nothing on stderr', async () => {
    const { shop } = await customer();
    const hook = await fixture.receiver();
    const created = ok(
      await shop(['webhooks', 'create', '--url', hook.url, '--events', 'ping,payment.*', '--json']),
    );
    expect(created.stderr).toBe('');
    const body = parseJson(created.stdout);
    expect(body).toMatchObject({
      url: hook.url,
      events: ['ping', 'payment.*'],
      scope: 'own',
      status: 'enabled',
    });
    expect(body.secret).toMatch(/^whsec_/);
  });

  it('lists, gets, updates and deletes endpoints, in human and --json form', async () => {
    const { shop } = await customer();
    const hook = await fixture.receiver();
    const { endpointId } = parseJson<{ endpointId: string }>(
      ok(await shop(['webhooks', 'create', '--url', hook.url, '--events', '*', '--json'])).stdout,
    );

    const list = ok(await shop(['webhooks', 'list']));
    expect(list.stdout).toMatch(/^ENDPOINT ID +STATUS +URL +EVENTS/);
    expect(list.stdout).toContain(endpointId);
    const listed = parseJson<{ data: { endpointId: string }[] }>(
      ok(await shop(['webhooks', 'list', '--json'])).stdout,
    );
    expect(listed.data.map((e) => e.endpointId)).toEqual([endpointId]);

    const shown = ok(await shop(['webhooks', 'get', endpointId]));
    expect(shown.stdout).toMatch(new RegExp(`^Endpoint: +${endpointId}$`, 'm'));
    expect(shown.stdout).not.toContain('whsec_');
    expect(
      parseJson(ok(await shop(['webhooks', 'get', endpointId, '--json'])).stdout),
    ).toMatchObject({
      endpointId,
      url: hook.url,
    });

    const disabled = ok(
      await shop([
        'webhooks',
        'update',
        endpointId,
        '--disable',
        '--events',
        'order.paid',
        '--description',
        'off',
      ]),
    );
    expect(disabled.stdout).toMatch(/^Status: +disabled \(manual\)$/m);
    expect(disabled.stdout).toMatch(/^Events: +order\.paid$/m);
    const enabled = parseJson(
      ok(await shop(['webhooks', 'update', endpointId, '--enable', '--description', '', '--json']))
        .stdout,
    );
    expect(enabled).toMatchObject({ status: 'enabled', description: null, disabledReason: null });

    const nothing = await shop(['webhooks', 'update', endpointId]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('Hint: Pass at least one of --url');

    const refused = await shop(['webhooks', 'delete', endpointId]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Hint: Pass --yes to confirm.');
    const deleted = ok(await shop(['webhooks', 'delete', endpointId, '--yes']));
    expect(deleted.stdout).toContain(`Deleted webhook endpoint ${endpointId}.`);
    const again = await shop(['webhooks', 'delete', endpointId, '--yes', '--json']);
    expect(again.code).toBe(5);
    expect(parseJson(again.stderr)).toMatchObject({ code: 'webhook_endpoint.not_found' });

    const { endpointId: second } = parseJson<{ endpointId: string }>(
      ok(await shop(['webhooks', 'create', '--url', hook.url, '--events', '*', '--json'])).stdout,
    );
    expect(
      parseJson(ok(await shop(['webhooks', 'delete', second, '--yes', '--json'])).stdout),
    ).toEqual({
      endpointId: second,
      deleted: true,
    });
    const empty = ok(await shop(['webhooks', 'list']));
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toContain('No webhook endpoints.');
  });

  it('test sends a ping and shows the receiver answer; a refusing receiver exits 1', async () => {
    const { shop } = await customer();
    let status = 200;
    const hook = await fixture.receiver((_i, res) => res.writeHead(status).end('pong'));
    const { endpointId } = parseJson<{ endpointId: string }>(
      ok(await shop(['webhooks', 'create', '--url', hook.url, '--events', 'ping', '--json']))
        .stdout,
    );

    const tested = ok(await shop(['webhooks', 'test', endpointId]));
    expect(tested.stdout).toMatch(
      /^Sent ping evt_[0-9a-f]{32} to http:\/\/127\.0\.0\.1:\d+\/hook\.$/m,
    );
    expect(tested.stdout).toMatch(/answered 200 in \d+ ms\./);
    expect(headersOf(hook, 0)['shop-event-type']).toBe('ping');

    const json = ok(await shop(['webhooks', 'test', endpointId, '--json']));
    expect(parseJson(json.stdout)).toMatchObject({
      type: 'ping',
      data: { object: { endpointId } },
    });

    status = 500;
    const failed = await shop(['webhooks', 'test', endpointId]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('The receiver did not accept the ping: HTTP 500.');
    expect(failed.stderr).toMatch(/Hint: .*shop events deliveries evt_/);
  });

  it('rotate-secret: deliveries carry both signatures, each verifying with its own secret', async () => {
    const { shop, http } = await customer();
    const hook = await fixture.receiver();
    const created = ok(
      await shop(['webhooks', 'create', '--url', hook.url, '--events', 'order.created']),
    );
    const oldSecret = printedSecret(created.stdout);
    const endpointId = /^Endpoint: +(we_\S+)$/m.exec(created.stdout)?.[1] ?? '';

    const rotated = ok(
      await shop(['webhooks', 'rotate-secret', endpointId, '--expire-old-after', '1h']),
    );
    const newSecret = printedSecret(rotated.stdout);
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    expect(rotated.stderr).toContain('Deliveries carry both signatures until');

    await http.post('/api/orders', { items: [{ itemId, quantity: 1 }] });
    const [delivery] = await hook.waitFor(1);
    const headers = headersOf(hook, 0);
    expect(headers['webhook-signature']?.split(' ')).toHaveLength(2);
    for (const secret of [oldSecret, newSecret]) {
      expect(new Webhook(secret).verify(delivery!.body, headers)).toMatchObject({
        type: 'order.created',
      });
    }

    const json = parseJson(
      ok(
        await shop(['webhooks', 'rotate-secret', endpointId, '--expire-old-after', '0s', '--json']),
      ).stdout,
    );
    expect(json).toMatchObject({ endpointId });
    expect(json.secret).toMatch(/^whsec_/);
  });

  it('recover queues failed deliveries again once the receiver is back', async () => {
    const { shop, http } = await customer();
    let up = false;
    const hook = await fixture.receiver((_i, res) => res.writeHead(up ? 200 : 503).end());
    const { endpointId } = parseJson<{ endpointId: string }>(
      ok(
        await shop([
          'webhooks',
          'create',
          '--url',
          hook.url,
          '--events',
          'order.created',
          '--json',
        ]),
      ).stdout,
    );
    await http.post('/api/orders', { items: [{ itemId, quantity: 1 }] });
    // Every attempt of the short schedule fails; the last one schedules no other.
    await hook.waitFor(3);
    const [event] = parseJson<{ data: { id: string }[] }>(
      ok(await shop(['events', 'list', '--type', 'order.created', '--json'])).stdout,
    ).data;
    await expect
      .poll(async () => {
        const attempts = parseJson<{ data: { nextAttemptAt: string | null }[] }>(
          ok(await shop(['events', 'deliveries', event!.id, '--json'])).stdout,
        ).data;
        return attempts.length === 3 && attempts.at(-1)?.nextAttemptAt === null;
      })
      .toBe(true);

    up = true;
    const recovered = ok(await shop(['webhooks', 'recover', endpointId, '--since', '1h']));
    expect(recovered.stdout).toBe('Queued 1 delivery.\n');
    const [, , , fourth] = await hook.waitFor(4);
    expect(headersOf(hook, 3)['webhook-id']).toBe(event!.id);
    expect(fourth).toBeDefined();

    const none = ok(
      await shop(['webhooks', 'recover', endpointId, '--since', '2h', '--until', '1h', '--json']),
    );
    expect(parseJson(none.stdout)).toEqual({ requeued: 0 });
  });

  it('bad ids, URLs, event types and durations are usage errors before any request', async () => {
    const { shop } = await customer();
    const cases: [string[], string][] = [
      [['webhooks', 'get', 'we_nothex'], 'endpointId must be "we_"'],
      [['webhooks', 'delete', '', '--yes'], 'endpointId must not be empty'],
      [
        ['webhooks', 'create', '--url', 'ftp://example.com', '--events', '*'],
        'url must be an absolute http(s) URL',
      ],
      [
        ['webhooks', 'create', '--url', 'https://example.com/h', '--events', 'order.shipped'],
        '"order.shipped" is not one',
      ],
      [
        ['webhooks', 'create', '--url', 'https://example.com/h'],
        "required option '--events <types>'",
      ],
      [
        [
          'webhooks',
          'rotate-secret',
          'we_5f0c8a1e2b3d4c6e8f9a0b1c2d3e4f50',
          '--expire-old-after',
          '60',
        ],
        'expire-old-after must be a duration',
      ],
      [
        ['webhooks', 'recover', 'we_5f0c8a1e2b3d4c6e8f9a0b1c2d3e4f50', '--since', 'yesterday'],
        'since must be a duration before now',
      ],
      [
        ['webhooks', 'test', 'we_5f0c8a1e2b3d4c6e8f9a0b1c2d3e4f50', '--wait', '2m'],
        'wait must be a duration of at most 1 minute',
      ],
      [
        ['webhooks', 'update', 'we_5f0c8a1e2b3d4c6e8f9a0b1c2d3e4f50', '--enable', '--disable'],
        'cannot be used with',
      ],
    ];
    for (const [args, message] of cases) {
      const result = await shop(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain(message);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it("the server's problem codes come with the shared table's hints", async () => {
    const { shop } = await customer();
    const missing = await shop(['webhooks', 'get', 'we_5f0c8a1e2b3d4c6e8f9a0b1c2d3e4f50']);
    expect(missing.code).toBe(5);
    expect(missing.stderr).toContain('Hint: List your endpoints with `shop webhooks list`.');

    const hook = await fixture.receiver();
    const scoped = await shop([
      'webhooks',
      'create',
      '--url',
      hook.url,
      '--events',
      '*',
      '--scope',
      'all',
    ]);
    expect(scoped.code).toBe(1);
    expect(scoped.stderr).toContain('This needs an admin account.');

    for (let i = 0; i < 16; i++) {
      ok(await shop(['webhooks', 'create', '--url', hook.url, '--events', 'ping', '--json']));
    }
    const full = await shop(['webhooks', 'create', '--url', hook.url, '--events', 'ping']);
    expect(full.code).toBe(6);
    expect(full.stderr).toContain('Hint: Remove one with `shop webhooks delete <endpointId>`');
  });

  it('a server outside --dev refuses a loopback URL, and the hint says why', async () => {
    const strict = await startInProcess();
    try {
      const dir = tempDir('shop-cli-webhooks-');
      dirs.push(dir);
      const { token } = await registerCustomer(strict.url);
      const refused = await shopFor(strict.url, dir.path)(
        ['webhooks', 'create', '--url', 'http://127.0.0.1:9/hook', '--events', '*'],
        { env: { SHOP_TOKEN: token } },
      );
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        'Hint: Use a public http(s) URL, or start the server with --dev',
      );
    } finally {
      await strict.close();
    }
  });
});
