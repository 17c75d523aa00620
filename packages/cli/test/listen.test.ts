import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import type { Item, Order, ShopEvent } from '@shop/sdk';
import type { RunningServer } from '@shop/server';
import {
  cleanEnv,
  registerCustomer,
  startInProcess,
  startReceiver,
  type Receiver,
} from '@shop/test-kit';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/program.js';
import {
  BIN,
  CUSTOMER,
  parseJson,
  SERVER_TIMER_WAIT,
  shopBinFor,
  shopFor,
  startProxy,
  tempDir,
} from './helpers.js';

type Output = { stdout: string; stderr: string };

/** A running `shop listen`: its output as it comes, and Ctrl-C. */
interface Listener {
  stdout(): string;
  stderr(): string;
  /** Polls until stdout (or stderr) matches, bounded; fails at once if the run ended. */
  waitFor(test: (out: Output) => boolean, ms?: number): Promise<void>;
  /** Sends Ctrl-C (SIGINT, or the run's interrupt in-process) and waits for the run to end. */
  interrupt(): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/**
 * The one Listener over a run, however it runs: `output` is the text the run has written so far
 * (its owner appends to it), `exitCode` is null while it runs, `stop` presses Ctrl-C and resolves
 * with the exit code.
 */
function listenerOver(
  output: Output,
  exitCode: () => number | null,
  stop: () => Promise<number | null>,
): Listener {
  const snapshot = (): Output => ({ stdout: output.stdout, stderr: output.stderr });
  return {
    stdout: () => output.stdout,
    stderr: () => output.stderr,
    async waitFor(test, ms = 30_000) {
      const deadline = Date.now() + ms;
      while (!test(snapshot())) {
        if (Date.now() > deadline || exitCode() !== null) {
          const { stdout, stderr } = snapshot();
          throw new Error(`listen never showed it (exit ${exitCode()}):\n${stdout}\n${stderr}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async interrupt() {
      const code = await stop();
      return { code, ...snapshot() };
    },
  };
}

const running = new Set<ReturnType<typeof spawn>>();

/** The built binary in a child process. */
function startListen(args: readonly string[], env: Record<string, string | undefined>): Listener {
  const child = spawn(process.execPath, [BIN, 'listen', ...args], { env: cleanEnv(env) });
  running.add(child);
  const output: Output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return listenerOver(
    output,
    () => child.exitCode,
    () => {
      child.kill('SIGINT');
      return exited;
    },
  );
}

/** Runs `shop listen` until its output passes `until` (default: ready), then presses Ctrl-C. */
async function listenUntil(
  args: readonly string[],
  env: Record<string, string | undefined>,
  until: Parameters<Listener['waitFor']>[0] = ready,
): ReturnType<Listener['interrupt']> {
  const listener = startListen(args, env);
  await listener.waitFor(until);
  return listener.interrupt();
}

/** `shop listen` run in this process, so what it prints is ordered with what it requests. */
function listenInProcess(
  args: readonly string[],
  env: Record<string, string | undefined>,
): Listener {
  const output: Output = { stdout: '', stderr: '' };
  const sink = (stream: keyof Output) =>
    new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        output[stream] += String(chunk);
        callback();
      },
    }) as unknown as NodeJS.WriteStream;
  const interrupt = new AbortController();
  let code: number | null = null;
  const run = main(['node', 'shop', 'listen', ...args], {
    stdin: Readable.from([]) as unknown as NodeJS.ReadStream,
    stdout: sink('stdout'),
    stderr: sink('stderr'),
    env: cleanEnv(env),
    interrupt,
  }).then((exit) => (code = exit));
  return listenerOver(
    output,
    () => code,
    () => {
      interrupt.abort();
      return run;
    },
  );
}

/** The NDJSON lines `--json` printed, parsed. */
const jsonLines = (text: string): Record<string, unknown>[] =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const envelopes = (text: string): ShopEvent[] =>
  jsonLines(text).filter((line) => line.type !== 'listen.forward') as unknown as ShopEvent[];
const ready = (out: { stderr: string }): boolean => out.stderr.includes('Listening to');

let server: RunningServer | undefined;
const dirs: ReturnType<typeof tempDir>[] = [];
const receivers: Receiver[] = [];
let item: Item;

/** A logged-in config directory of its own: its own saved seq and secret. */
async function freshProfile(on: RunningServer | undefined = server) {
  if (!on) throw new Error('set up in beforeAll');
  const profile = await profileFor(on.url, CUSTOMER);
  return { ...profile, bin: shopBinFor(on.url, profile.dir.path) };
}

/** A config directory of its own logged in, through `url`, as `customer`. */
async function profileFor(url: string, customer: { email: string; password: string }) {
  const dir = tempDir('shop-cli-listen-');
  dirs.push(dir);
  const shop = shopFor(url, dir.path);
  const login = await shop(['login', '--email', customer.email, '--password-stdin'], {
    input: customer.password,
  });
  if (login.code !== 0) throw new Error(login.stderr);
  return { dir, shop, env: { SHOP_API_URL: url, SHOP_CONFIG_DIR: dir.path } };
}

/** Two fresh customers on `on`, each logged in in a profile of its own, and an item to order. */
async function quietAndBusy(on: RunningServer) {
  const quiet = await profileFor(on.url, await registerCustomer(on.url));
  const busy = await profileFor(on.url, await registerCustomer(on.url));
  const [first] = parseJson<{ content: Item[] }>(
    (await quiet.shop(['items', 'list', '--json'])).stdout,
  ).content;
  if (!first) throw new Error('the seed has items');
  return { quiet, busy, itemId: first.itemId };
}

/** Places an order of one unit and waits until it is paid. */
async function paidOrder(shop: ReturnType<typeof shopFor>, itemId = item.itemId): Promise<Order> {
  const result = await shop(['orders', 'create', '--item', `${itemId}:1`, '--wait', '--json']);
  if (result.code !== 0) throw new Error(result.stderr);
  return parseJson<Order>(result.stdout);
}

/** The account's events after `after`, as `shop` lists them through the API (not the stream). */
async function eventsAfter(after: number): Promise<ShopEvent[]> {
  if (!server) throw new Error('set up in beforeAll');
  const { createShopClient } = await import('@shop/sdk');
  const sdk = createShopClient({ baseUrl: server.url });
  await sdk.auth.login({ email: CUSTOMER.email, password: CUSTOMER.password });
  return sdk.events.list({ after }).toArray({ limit: 1000 });
}

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const orderIdOf = (event: ShopEvent): string | undefined =>
  (event.data.object as { orderId?: string }).orderId;

beforeAll(async () => {
  server = await startInProcess();
  const { shop } = await freshProfile();
  const items = parseJson<{ content: Item[] }>((await shop(['items', 'list', '--json'])).stdout);
  const first = items.content[0];
  if (!first) throw new Error('the seed has items');
  item = first;
});

afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
});

afterAll(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()));
  await server?.close();
  for (const dir of dirs) dir.remove();
});

describe('shop listen', () => {
  it('forwards each event signed with the profile secret; a restart resumes with no gap and no duplicate', async () => {
    const { shop, bin, env } = await freshProfile();
    const receiver = await startReceiver();
    receivers.push(receiver);
    const secret = (await bin(['listen', '--print-secret'])).stdout.trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    // The same secret on every run: a handler configured once keeps verifying.
    expect((await bin(['listen', '--print-secret'])).stdout.trim()).toBe(secret);

    const first = startListen(
      ['--forward-to', receiver.url, '--json', '--headers', 'X-Env: dev', '--headers', 'X-Team:a'],
      env,
    );
    await first.waitFor(ready);
    const order = await paidOrder(shop);
    await first.waitFor(({ stdout }) => envelopes(stdout).some((e) => e.type === 'order.paid'));
    const seen = envelopes(first.stdout());
    expect(seen.map((e) => e.type)).toEqual(
      expect.arrayContaining(['order.created', 'order.paid']),
    );
    expect(seen.every((e) => orderIdOf(e) === order.orderId)).toBe(true);
    // What the stream printed is the account's log after the run's start, in seq order.
    const seqs = seen.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

    // Every event reached the handler, in order, and verifies with an outside library.
    const received = await receiver.waitFor(seen.length);
    const webhook = new Webhook(secret);
    const verified = received.map(
      (request) =>
        webhook.verify(request.body, request.headers as Record<string, string>) as ShopEvent,
    );
    expect(verified.map((e) => e.id)).toEqual(seen.map((e) => e.id));
    expect(received.map((r) => r.headers['webhook-id'])).toEqual(seen.map((e) => e.id));
    expect(received.map((r) => [r.headers['x-env'], r.headers['x-team']])).toEqual(
      seen.map(() => ['dev', 'a']),
    );
    expect(received.map((r) => r.headers['shop-event-type'])).toEqual(seen.map((e) => e.type));
    await first.waitFor(
      ({ stdout }) =>
        jsonLines(stdout).filter((line) => line.outcome === 'delivered').length === seen.length,
    );
    expect(
      jsonLines(first.stdout())
        .filter((line) => line.type === 'listen.forward')
        .map((line) => [line.eventId, line.status, line.attempt]),
    ).toEqual(seen.map((e) => [e.id, 200, 1]));

    const stopped = await first.interrupt();
    expect(stopped.code).toBe(130);
    const last = seqs.at(-1);
    expect(stopped.stderr.trim().split('\n').at(-1)).toBe(
      `Stopped: ${seen.length} events seen, ${seen.length} forwarded, 0 failed; the next run resumes after seq ${last}.`,
    );

    // Two orders while nothing listens; the next run prints exactly their events.
    const missed = [await paidOrder(shop), await paidOrder(shop)];
    const expected = await eventsAfter(last ?? 0);
    expect(new Set(expected.map(orderIdOf))).toEqual(new Set(missed.map((o) => o.orderId)));
    const resumed = await listenUntil(
      ['--json'],
      env,
      ({ stdout, stderr }) =>
        envelopes(stdout).length >= expected.length &&
        stderr.includes(`resuming after seq ${last}`),
    );
    expect(envelopes(resumed.stdout).map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(resumed.code).toBe(130);
  });

  it('starts a first run after the newest event it can see, found in one request', async () => {
    const { shop, env } = await freshProfile();
    await paidOrder(shop);
    const newest = (await eventsAfter(0)).at(-1);
    const stopped = await listenUntil(['--json', '--verbose'], env);
    expect(stopped.stderr).toContain(`live (after seq ${newest?.seq})`);
    const lists = stopped.stderr.split('\n').filter((line) => /^GET \S+\/api\/events\?/.test(line));
    expect(lists, stopped.stderr).toHaveLength(1);
    expect(lists[0]).toMatch(/[?&]order=desc\b/);
  });

  it('says it is listening only once the server follows the log, so an event right after it is shown', async () => {
    if (!server) throw new Error('set up in beforeAll');
    // A fresh customer has no event yet: the run starts live, with no cursor to replay from.
    const customer = await registerCustomer(server.url);
    let listener: Listener | undefined;
    // What the CLI had printed when its stream request reached the server.
    let printedBeforeStream: string | undefined;
    const proxy = await startProxy(server.url, (path) => {
      if (path.startsWith('/api/events/stream')) printedBeforeStream ??= listener?.stderr();
    });
    try {
      const { shop, env } = await profileFor(proxy.url, customer);
      listener = listenInProcess(['--json', '--events', 'order.*'], env);
      await listener.waitFor(ready);
      expect(listener.stderr()).toContain(', live.');
      expect(printedBeforeStream).toBeDefined();
      expect(printedBeforeStream).not.toContain('Listening to');

      const order = await paidOrder(shop);
      await listener.waitFor(({ stdout }) =>
        envelopes(stdout).some((e) => e.type === 'order.paid'),
      );
      const stopped = await listener.interrupt();
      expect(stopped.code).toBe(130);
      expect(envelopes(stopped.stdout).map((e) => [e.type, orderIdOf(e)])).toEqual([
        ['order.created', order.orderId],
        ['order.paid', order.orderId],
      ]);
    } finally {
      await proxy.close();
    }
  });

  it('--since finds its start even when the server prunes the oldest events under its search', async () => {
    // Events are kept 10 minutes by this server's clock, which the test moves on.
    let skewMs = 0;
    const pruning = await startInProcess({
      eventRetentionMs: 10 * 60_000,
      now: () => new Date(Date.now() + skewMs),
    });
    const customer = await registerCustomer(pruning.url);
    const direct = await profileFor(pruning.url, customer);
    const [own] = parseJson<{ content: Item[] }>(
      (await direct.shop(['items', 'list', '--json'])).stdout,
    ).content;
    await paidOrder(direct.shop, own?.itemId);
    const [oldest] = parseJson<{ data: ShopEvent[] }>(
      (await direct.shop(['api', '/api/events?limit=1'])).stdout,
    ).data;
    // `--since 1s` must find that event older than its cutoff, so its search probes past it.
    await vi.waitFor(
      () => expect(Date.now() - Date.parse(oldest?.createdAt ?? '')).toBeGreaterThan(1500),
      {
        timeout: 5_000,
        interval: 100,
      },
    );
    let held = false;
    // The first probe after the oldest event goes on only once retention has removed that event.
    const proxy = await startProxy(pruning.url, async (path) => {
      if (held || !new RegExp(`[?&]after=${oldest?.seq}(&|$)`).test(path)) return;
      held = true;
      skewMs = 11 * 60_000;
      await vi.waitFor(
        async () => expect((await direct.shop(['api', path])).code).not.toBe(0),
        SERVER_TIMER_WAIT,
      );
    });
    try {
      const { env } = await profileFor(proxy.url, customer);
      const listener = listenInProcess(['--since', '1s'], env);
      await listener.waitFor(ready);
      expect(held).toBe(true);
      const stopped = await listener.interrupt();
      expect(stopped.code).toBe(130);
      expect(stopped.stderr).toContain(', live.');
    } finally {
      await proxy.close();
      await pruning.close();
    }
  });

  it('prints and forwards again, with the same webhook-id, an event `shop events resend` sends', async () => {
    const { shop, bin, env } = await freshProfile();
    const receiver = await startReceiver();
    receivers.push(receiver);
    const secret = (await bin(['listen', '--print-secret'])).stdout.trim();
    const listener = startListen(['--forward-to', receiver.url, '--json'], env);
    await listener.waitFor(ready);
    await paidOrder(shop);
    await listener.waitFor(({ stdout }) => envelopes(stdout).some((e) => e.type === 'order.paid'));
    const seen = envelopes(listener.stdout());
    await receiver.waitFor(seen.length);
    // The first event printed (a first run starts live, so which one depends on the timing).
    const resent = seen[0];
    if (!resent) throw new Error('listen printed no event');

    const resend = await shop(['events', 'resend', resent.id, '--json']);
    expect(resend.code, resend.stderr).toBe(0);
    await listener.waitFor(({ stdout }) => envelopes(stdout).length === seen.length + 1);
    expect(envelopes(listener.stdout()).at(-1)).toEqual(resent);

    const received = await receiver.waitFor(seen.length + 1);
    const again = received.at(-1);
    expect(again?.headers['webhook-id']).toBe(resent.id);
    const verified = new Webhook(secret).verify(
      again?.body ?? '',
      (again?.headers ?? {}) as Record<string, string>,
    ) as ShopEvent;
    expect(verified).toEqual(resent);

    await listener.waitFor(
      ({ stdout }) =>
        jsonLines(stdout).filter((line) => line.outcome === 'delivered').length === seen.length + 1,
    );
    const stopped = await listener.interrupt();
    // The resend moved the saved cursor neither back nor forward.
    expect(stopped.stderr.trim().split('\n').at(-1)).toBe(
      `Stopped: ${seen.length + 1} events seen, ${seen.length + 1} forwarded, 0 failed; the next run resumes after seq ${seen.at(-1)?.seq}.`,
    );
  });

  it('replays with --after and --since, and refuses both together (exit 2, a hint)', async () => {
    const { shop, bin, env } = await freshProfile();
    await paidOrder(shop);
    const all = await eventsAfter(0);
    const middle = all.at(-3)?.seq ?? 0;

    const fromAfter = await listenUntil(
      ['--after', String(middle), '--json'],
      env,
      ({ stdout }) => envelopes(stdout).length >= 2,
    );
    expect(envelopes(fromAfter.stdout).map((e) => e.seq)).toEqual(
      all.filter((e) => e.seq > middle).map((e) => e.seq),
    );

    // Every event of this suite is younger than an hour; none is younger than the cut of 1s
    // after a pause.
    const orderEvents = all.filter((e) => e.type.startsWith('order.'));
    const fromSince = await listenUntil(
      ['--since', '1h', '--json', '--events', 'order.*'],
      env,
      ({ stdout }) => envelopes(stdout).length >= orderEvents.length,
    );
    expect(envelopes(fromSince.stdout).map((e) => e.id)).toEqual(orderEvents.map((e) => e.id));

    await new Promise((resolve) => setTimeout(resolve, 1500));
    const fromRecent = await listenUntil(['--since', '1s', '--json'], env);
    expect(envelopes(fromRecent.stdout)).toEqual([]);
    expect(fromRecent.stderr).toContain(`after seq ${all.at(-1)?.seq}`);

    const signature = await bin(['listen', '--headers', 'webhook-signature:v1,x']);
    expect(signature.code).toBe(2);
    expect(signature.stderr).toContain('webhook-signature is set by the signature');
    const json = await bin(['listen', '--print-secret', '--json']);
    expect(parseJson<{ secret: string }>(json.stdout).secret).toMatch(/^whsec_/);

    const both = await bin(['listen', '--since', '10m', '--after', '3']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--since and --after cannot be used together.');
    expect(both.stderr).toContain('Hint:');
  });

  it('retries a failing forward after 1s, 2s and 4s with one webhook-id, then counts it failed', async () => {
    const { shop, env } = await freshProfile();
    const receiver = await startReceiver((_i, res) => res.writeHead(500).end('down'));
    receivers.push(receiver);
    const listener = startListen(
      ['--forward-to', receiver.url, '--events', 'order.created', '--json'],
      env,
    );
    await listener.waitFor(ready);
    await paidOrder(shop);
    await listener.waitFor(({ stdout }) => jsonLines(stdout).some((l) => l.outcome === 'failed'));
    const attempts = await receiver.waitFor(4);
    expect(new Set(attempts.map((a) => a.headers['webhook-id'])).size).toBe(1);
    const gaps = attempts.slice(1).map((a, i) => a.at - (attempts[i]?.at ?? 0));
    // At least the schedule (load can only make them longer).
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual([1000, 2000, 4000][i] ?? 0));
    expect(
      jsonLines(listener.stdout())
        .filter((l) => l.type === 'listen.forward')
        .map((l) => [l.attempt, l.status, l.outcome]),
    ).toEqual([
      [1, 500, 'retrying'],
      [2, 500, 'retrying'],
      [3, 500, 'retrying'],
      [4, 500, 'failed'],
    ]);
    const stopped = await listener.interrupt();
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/Stopped: 1 event seen, 0 forwarded, 1 failed;/);
  });

  it('keeps reading while a handler holds the forwards, which go out one at a time, in order', async () => {
    const { shop, env } = await freshProfile();
    // The handler answers nothing until the test lets it.
    const held: ServerResponse[] = [];
    let holding = true;
    const receiver = await startReceiver((_i, res) => {
      if (holding) held.push(res);
      else res.end('ok');
    });
    receivers.push(receiver);
    const listener = startListen(
      ['--forward-to', receiver.url, '--forward-timeout', '1m', '--json'],
      env,
    );
    await listener.waitFor(ready);
    await paidOrder(shop);
    await paidOrder(shop);
    // The run started after the newest event, or live on an empty log.
    const start = Number(/after seq (\d+)/.exec(listener.stderr())?.[1] ?? 0);
    const expected = await eventsAfter(start);
    await listener.waitFor(({ stdout }) => envelopes(stdout).length === expected.length);
    // Every event is printed while the first forward still waits, and no second one went out.
    await receiver.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(1);
    expect(jsonLines(listener.stdout()).filter((l) => l.type === 'listen.forward')).toEqual([]);
    holding = false;
    for (const res of held) res.end('ok');
    await listener.waitFor(
      ({ stdout }) =>
        jsonLines(stdout).filter((l) => l.outcome === 'delivered').length === expected.length,
    );
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual(
      expected.map((e) => e.id),
    );
    const stopped = await listener.interrupt();
    expect(stopped.stderr).toContain(
      `Stopped: ${expected.length} events seen, ${expected.length} forwarded, 0 failed`,
    );
  });

  it('forwards again on the next run what a Ctrl-C cut short (at least once)', async () => {
    const { shop, env } = await freshProfile();
    const hanging = await startReceiver(() => undefined);
    receivers.push(hanging);
    const first = startListen(
      ['--forward-to', hanging.url, '--forward-timeout', '1m', '--json'],
      env,
    );
    await first.waitFor(ready);
    await paidOrder(shop);
    const start = Number(/after seq (\d+)/.exec(first.stderr())?.[1] ?? 0);
    const expected = await eventsAfter(start);
    await first.waitFor(({ stdout }) => envelopes(stdout).length === expected.length);
    await hanging.waitFor(1);
    const stopped = await first.interrupt();
    expect(stopped.stderr).toContain(
      `Stopped: ${expected.length} events seen, 0 forwarded, 0 failed; the next run resumes after seq ${start}.`,
    );

    const receiver = await startReceiver();
    receivers.push(receiver);
    const second = startListen(['--forward-to', receiver.url, '--json'], env);
    await receiver.waitFor(expected.length);
    await second.waitFor(({ stderr }) => stderr.includes(`resuming after seq ${start}`));
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual(
      expected.map((e) => e.id),
    );
    await second.waitFor(
      ({ stdout }) =>
        jsonLines(stdout).filter((l) => l.outcome === 'delivered').length === expected.length,
    );
    const last = expected.at(-1)?.seq;
    expect((await second.interrupt()).stderr).toContain(`resumes after seq ${last}.`);
  });

  it('prints human lines, forwards to a refused port as [ERR], and fails plainly', async () => {
    const { shop, env, dir } = await freshProfile();
    const closed = await closedPort();
    const listener = startListen(
      ['--forward-to', `http://127.0.0.1:${closed}/hook`, '--events', 'payment.succeeded'],
      env,
    );
    await listener.waitFor(ready);
    const order = await paidOrder(shop);
    await listener.waitFor(({ stdout }) => stdout.includes('connection refused'));
    const stopped = await listener.interrupt();
    const lines = stopped.stdout.split('\n');
    expect(lines[0]).toMatch(
      new RegExp(
        `^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d {2}--> payment\\.succeeded \\[evt_[0-9a-f]{32}\\] payment ${order.paymentId} order ${order.orderId}$`,
      ),
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^\\S+ \\S+ {2}<-- \\[ERR\\] POST http://127\\.0\\.0\\.1:${closed}/hook \\[evt_[0-9a-f]{32}\\] connection refused, retrying in 1s$`,
      ),
    );

    // Not logged in: exit 4, as every command. No server: the usual hint.
    const other = tempDir('shop-cli-listen-nologin-');
    dirs.push(other);
    const anonymous = await shopFor(server?.url ?? '', other.path)(['listen']);
    expect(anonymous.code).toBe(4);
    expect(anonymous.stderr).toContain('shop login');
    const unreachable = await shopFor(`http://127.0.0.1:${closed}`, dir.path)(['listen']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain(`Cannot reach the API at http://127.0.0.1:${closed}.`);
    expect(unreachable.stderr).toContain('Is the server running?');
  });

  it('keeps the stream position as its cursor, so a quiet account resumes after retention pruned the log', async () => {
    // Events are kept 10 minutes by this server's clock, which the test moves on; streams are
    // recycled every second, and each new connection names the log's position.
    let skewMs = 0;
    const pruning = await startInProcess({
      eventRetentionMs: 10 * 60_000,
      streamMaxMs: 1000,
      now: () => new Date(Date.now() + skewMs),
    });
    try {
      const { quiet, busy, itemId } = await quietAndBusy(pruning);
      const newestOf = async (shop: ReturnType<typeof shopFor>): Promise<number> =>
        parseJson<{ data: ShopEvent[] }>(
          (await shop(['api', '/api/events?order=desc&limit=1'])).stdout,
        ).data[0]?.seq ?? 0;
      const savedSeq = (): number => {
        const stored = parseJson<{ profiles: Record<string, { listenSeq?: string }> }>(
          readFileSync(join(quiet.dir.path, 'config.json'), 'utf8'),
        );
        return Number(stored.profiles.default?.listenSeq);
      };

      const first = startListen(['--json'], quiet.env);
      await first.waitFor(ready);
      const before = await paidOrder(quiet.shop, itemId);
      await first.waitFor(({ stdout }) => envelopes(stdout).some((e) => e.type === 'order.paid'));
      const ownNewest = await newestOf(quiet.shop);
      // Another account's events move the log while this one stays quiet.
      await paidOrder(busy.shop, itemId);
      const othersNewest = await newestOf(busy.shop);
      expect(othersNewest).toBeGreaterThan(ownNewest);
      await vi.waitFor(() => expect(savedSeq()).toBeGreaterThanOrEqual(othersNewest), {
        timeout: 15_000,
        interval: 100,
      });
      const stopped = await first.interrupt();
      expect(stopped.code).toBe(130);
      const seen = envelopes(stopped.stdout);
      expect(seen.every((e) => orderIdOf(e) === before.orderId)).toBe(true);
      const position = Number(/resumes after seq (\d+)\.$/.exec(stopped.stderr.trim())?.[1]);
      expect(position).toBeGreaterThanOrEqual(othersNewest);

      // Past retention, every event so far is pruned: the seq of the last event printed is refused.
      skewMs = 11 * 60_000;
      await vi.waitFor(
        async () =>
          expect((await quiet.shop(['api', `/api/events?after=${ownNewest}`])).code).not.toBe(0),
        SERVER_TIMER_WAIT,
      );
      const after = await paidOrder(quiet.shop, itemId);

      const second = startListen(['--json'], quiet.env);
      await second.waitFor(({ stderr }) => stderr.includes(`resuming after seq ${position}`));
      await second.waitFor(({ stdout }) => envelopes(stdout).some((e) => e.type === 'order.paid'));
      const resumed = await second.interrupt();
      expect(resumed.code).toBe(130);
      expect(resumed.stderr).not.toContain('no longer keeps');
      // Nothing missed, nothing again: exactly the new order's events, as the first order's came.
      const again = envelopes(resumed.stdout);
      expect(again.map((e) => [e.type, orderIdOf(e)])).toEqual(
        seen.map((e) => [e.type, after.orderId]),
      );
      expect(again.every((e) => e.seq > position)).toBe(true);
    } finally {
      await pruning.close();
    }
  });

  it('never saves a stream position past an event whose forward has not finished', async () => {
    // Streams are recycled every second: each new connection names the log's position.
    const recycling = await startInProcess({ streamMaxMs: 1000 });
    try {
      const { quiet, busy, itemId } = await quietAndBusy(recycling);
      const hanging = await startReceiver(() => undefined);
      receivers.push(hanging);
      const listener = startListen(
        ['--forward-to', hanging.url, '--forward-timeout', '1m', '--json', '--verbose'],
        quiet.env,
      );
      await listener.waitFor(ready);
      await paidOrder(quiet.shop, itemId);
      await listener.waitFor(({ stdout }) =>
        envelopes(stdout).some((e) => e.type === 'order.paid'),
      );
      await hanging.waitFor(1);
      const held = envelopes(listener.stdout())[0];
      // Another account's events move the log; two more connections name positions past them.
      await paidOrder(busy.shop, itemId);
      const streams = (): number =>
        listener
          .stderr()
          .split('\n')
          .filter((line) => /^GET \S+\/api\/events\/stream/.test(line)).length;
      const opened = streams();
      await listener.waitFor(() => streams() >= opened + 2);
      const stopped = await listener.interrupt();
      expect(stopped.stderr).toContain(`the next run resumes after seq ${(held?.seq ?? 0) - 1}.`);
    } finally {
      await recycling.close();
    }
  });

  it('stops with one line and a --since hint when the saved seq is older than the server keeps', async () => {
    // Events are kept 2 s on this server; pruning runs about once a second.
    const shortLived = await startInProcess({ eventRetentionMs: 2000 });
    try {
      const { shop, env } = await freshProfile(shortLived);
      const [own] = parseJson<{ content: Item[] }>(
        (await shop(['items', 'list', '--json'])).stdout,
      ).content;
      // The run saves the seq of the last event it saw; whether its start found older events
      // still kept depends on the timing, so the seq comes from what it saw.
      const first = startListen(['--json'], env);
      await first.waitFor(ready);
      await paidOrder(shop, own?.itemId);
      await first.waitFor(({ stdout }) => envelopes(stdout).some((e) => e.type === 'order.paid'));
      const stopped = await first.interrupt();
      expect(stopped.code).toBe(130);
      const saved = /resumes after seq (\d+)\.$/.exec(stopped.stderr.trim())?.[1];
      expect(saved).toBe(String(envelopes(stopped.stdout).at(-1)?.seq));
      await paidOrder(shop, own?.itemId);
      let expired = false;
      for (let i = 0; i < 100 && !expired; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        expired = (await shop(['api', `/api/events?after=${saved}`])).code !== 0;
      }
      expect(expired).toBe(true);
      const again = await shopBinFor(shortLived.url, env.SHOP_CONFIG_DIR)(['listen']);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(
        `Error: The server no longer keeps the events after seq ${saved}, where the last run stopped.`,
      );
      expect(again.stderr).toContain('Hint: Backfill what is kept with `shop listen --since 1d`');
    } finally {
      await shortLived.close();
    }
  });

  it('tells a reset log from an expired one, with a hint whose command reads the new log', async () => {
    const dev = await startInProcess({ dev: true });
    try {
      const { shop, env } = await freshProfile(dev);
      // Item ids are the server's own and a reset seeds new ones.
      const anItem = async (): Promise<string | undefined> =>
        parseJson<{ content: Item[] }>((await shop(['items', 'list', '--json'])).stdout).content[0]
          ?.itemId;
      const own = await anItem();
      const first = startListen(['--json'], env);
      await first.waitFor(ready);
      await paidOrder(shop, own);
      await paidOrder(shop, own);
      await first.waitFor(
        ({ stdout }) => envelopes(stdout).filter((e) => e.type === 'order.paid').length === 2,
      );
      const stopped = await first.interrupt();
      expect(stopped.code).toBe(130);
      const saved = Number(/resumes after seq (\d+)\.$/.exec(stopped.stderr.trim())?.[1]);
      expect(saved).toBeGreaterThanOrEqual(8);
      // The reset empties the log (seqs start again at 1) and seeds the same accounts again.
      const reset = await fetch(`${dev.url}/_dev/reset`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      });
      expect(reset.status).toBe(204);
      const order = await paidOrder(shop, await anItem());
      const [newestEvent] = parseJson<{ data: ShopEvent[] }>(
        (await shop(['api', '/api/events?order=desc&limit=1'])).stdout,
      ).data;
      const newest = newestEvent?.seq ?? 0;
      expect(newest).toBeGreaterThan(0);
      expect(newest).toBeLessThan(saved);

      const again = await shopBinFor(dev.url, env.SHOP_CONFIG_DIR)(['listen']);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(
        `Error: The server's event log ends at seq ${newest}, before seq ${saved} where the last run stopped: it was reset, or this is another server.`,
      );
      expect(again.stderr).toContain(
        'Hint: Read the new log from its start with `shop listen --after 0`',
      );
      expect(again.stderr).not.toContain('no longer keeps');

      // The hint's command reads the new log from its start and saves a cursor in it, so a
      // plain run works again.
      const replay = startListen(['--after', '0', '--json'], env);
      await replay.waitFor(({ stdout }) =>
        envelopes(stdout).some((e) => e.type === 'order.paid' && orderIdOf(e) === order.orderId),
      );
      const replayed = await replay.interrupt();
      expect(replayed.code).toBe(130);
      expect(envelopes(replayed.stdout).map((e) => e.seq)[0]).toBe(1);
      const plain = startListen(['--json'], env);
      await plain.waitFor(ready);
      expect((await plain.interrupt()).code).toBe(130);
    } finally {
      await dev.close();
    }
  });
});
