import { execFileSync, spawnSync } from 'node:child_process';
import { startServer, type RunningServer } from '@shop/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, CUSTOMER, parseJson, shopFor, tempDir } from './helpers.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const SOCKET = `shop-test-${process.pid}`;
const SESSION = 'shop';

const tmux = (...args: string[]): string =>
  execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const screen = (): string => tmux('capture-pane', '-p', '-t', SESSION);
const sendText = (text: string): void => void tmux('send-keys', '-t', SESSION, '-l', text);
const sendKey = (...keys: string[]): void => void tmux('send-keys', '-t', SESSION, ...keys);

/**
 * A prompt that just appeared attaches its key handler right after drawing; a person never types
 * inside that gap, a test can. Used after a screen changes to a different input.
 */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 300));

/** Polls the pane until it shows `text` (bounded), then returns the screen. */
async function waitFor(text: string | RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = screen();
    if (typeof text === 'string' ? last.includes(text) : text.test(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the terminal never showed ${String(text)}; it shows:\n${last}`);
}

let server: RunningServer | undefined;
let dir: ReturnType<typeof tempDir> | undefined;

describe.skipIf(!hasTmux)('a real terminal (tmux)', () => {
  beforeAll(async () => {
    server = await startServer({ port: 0, db: ':memory:' });
    dir = tempDir('shop-cli-tmux-');
    // A plain shell with no CI variable: the CLI must see a terminal it may prompt on.
    const shell = `env -u CI -u NO_COLOR SHOP_API_URL=${server.url} SHOP_CONFIG_DIR=${dir.path} PS1='$ ' bash --norc --noprofile`;
    tmux('new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', shell);
  });

  afterAll(async () => {
    spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
    await server?.close();
    dir?.remove();
  });

  it('logs in with a masked password, picks two items, confirms and sees PAID', async () => {
    if (!server || !dir) throw new Error('set up in beforeAll');
    sendText(`node ${BIN} login`);
    sendKey('Enter');
    await waitFor('Email:');
    await settle();
    sendText(CUSTOMER.email);
    sendKey('Enter');
    await waitFor('Password:');
    await settle();
    sendText(CUSTOMER.password);
    sendKey('Enter');
    const loggedIn = await waitFor(/Logged in to .* as customer@shop\.local/);
    expect(loggedIn).not.toContain(CUSTOMER.password);

    sendText(`clear; node ${BIN} orders create; echo "exit=$?"`);
    sendKey('Enter');
    await waitFor('Pick items');
    await settle();
    // One key per screen update, as a person types (a burst would reach Ink as one read).
    sendText('+');
    await waitFor('Cart: 1 unit,');
    sendKey('Down');
    await waitFor(/› [^×\n]+\n/);
    sendText('+');
    await waitFor('Cart: 2 units');
    sendKey('Enter');
    await waitFor('Place this order?');
    sendText('y');
    const done = await waitFor('exit=0');
    expect(done).toMatch(/✓ Order [0-9a-f-]{36}: PAID/);
    expect(done).toMatch(/Status:\s+PAID/);

    // Ctrl-C in the picker (raw mode: a key, not a signal) still ends with 130 and no stack.
    sendText(`clear; node ${BIN} orders create; echo "exit=$?"`);
    sendKey('Enter');
    await waitFor('Pick items');
    await settle();
    sendKey('C-c');
    const interrupted = await waitFor(/exit=\d+/);
    expect(interrupted).toContain('exit=130');
    expect(interrupted).not.toMatch(/\n\s+at /);

    // What the terminal showed is what the API holds: one paid order of the first two items by name.
    const shop = shopFor(server.url, dir.path);
    const byName = parseJson<{ content: { itemId: string }[] }>(
      (await shop(['items', 'list', '--sort', 'itemName', '--size', '2', '--json'])).stdout,
    ).content.map((item) => item.itemId);
    const orders = parseJson<{
      content: { status: string; items: { itemId: string; quantity: number }[] }[];
    }>((await shop(['orders', 'list', '--json'])).stdout).content;
    expect(orders).toHaveLength(1);
    expect(orders[0]?.status).toBe('PAID');
    expect(orders[0]?.items.map((line) => [line.itemId, line.quantity])).toEqual(
      byName.map((id) => [id, 1]),
    );
  });
});
