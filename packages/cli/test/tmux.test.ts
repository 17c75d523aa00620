import { execFileSync, spawnSync } from 'node:child_process';
import type { RunningServer } from '@shop/server';
import { startInProcess } from '@shop/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, CUSTOMER, parseJson, shopFor, tempDir } from './helpers.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const SOCKET = `shop-test-${process.pid}`;

const tmux = (...args: string[]): string =>
  execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });

let server: RunningServer | undefined;
let dir: ReturnType<typeof tempDir> | undefined;
let sessions = 0;

/** A terminal of the given size running a plain shell with no CI variable (so the CLI prompts). */
function terminal(size: { columns: number; rows: number }, env: Record<string, string> = {}) {
  if (!server || !dir) throw new Error('set up in beforeAll');
  const name = `shop-${++sessions}`;
  const vars = Object.entries({ SHOP_API_URL: server.url, SHOP_CONFIG_DIR: dir.path, ...env })
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  tmux(
    'new-session',
    '-d',
    '-s',
    name,
    '-x',
    String(size.columns),
    '-y',
    String(size.rows),
    `env -u CI -u NO_COLOR -u FORCE_COLOR ${vars} PS1='$ ' bash --norc --noprofile`,
  );
  const screen = (): string => tmux('capture-pane', '-p', '-t', name);
  const term = {
    name,
    screen,
    /** The screen with its styling as escape sequences (`capture-pane -e`). */
    styled: (): string => tmux('capture-pane', '-p', '-e', '-t', name),
    show: (format: string): string => tmux('display-message', '-p', '-t', name, format).trim(),
    text: (text: string): void => void tmux('send-keys', '-t', name, '-l', text),
    keys: (...keys: string[]): void => void tmux('send-keys', '-t', name, ...keys),
    /** Pastes as a terminal does: one chunk, LF turned into CR; `bracketed` adds the markers. */
    paste: (text: string, bracketed = false): void => {
      tmux('set-buffer', '-b', name, text);
      tmux('paste-buffer', '-d', '-b', name, '-t', name, ...(bracketed ? ['-p'] : []));
    },
    run: (command: string): void => {
      term.text(`clear; node ${BIN} ${command}; echo "exit=$?"`);
      term.keys('Enter');
    },
    /**
     * Polls until the program in the pane reads keys one at a time: its terminal has left
     * canonical (line) mode. A prompt switches raw mode on just after its first frame is drawn;
     * keys typed in that gap go through the line discipline (echoed, an Enter turned into a line
     * feed), which a person never does and a test can.
     */
    async reading(timeoutMs = 30_000): Promise<void> {
      const tty = term.show('#{pane_tty}');
      const deadline = Date.now() + timeoutMs;
      let modes = '';
      while (Date.now() < deadline) {
        modes = execFileSync('stty', ['-F', tty, '-a'], { encoding: 'utf8' });
        if (/(^|\s)-icanon(\s|$)/.test(modes)) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`${tty} never left line mode; its modes:\n${modes}`);
    },
    /** Polls the pane until it shows `text` (bounded), then returns the screen. */
    async waitFor(text: string | RegExp, timeoutMs = 30_000): Promise<string> {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < deadline) {
        last = screen();
        if (typeof text === 'string' ? last.includes(text) : text.test(last)) return last;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`the terminal never showed ${String(text)}; it shows:\n${last}`);
    },
    close: (): void => void spawnSync('tmux', ['-L', SOCKET, 'kill-session', '-t', name]),
  };
  return term;
}

describe.skipIf(!hasTmux)('a real terminal (tmux)', () => {
  beforeAll(async () => {
    server = await startInProcess();
    dir = tempDir('shop-cli-tmux-');
    // Every terminal below starts logged in (the first test logs in again, by hand).
    const login = await shopFor(server.url, dir.path)(
      ['login', '--email', CUSTOMER.email, '--password-stdin'],
      { input: CUSTOMER.password },
    );
    if (login.code !== 0) throw new Error(login.stderr);
  });

  afterAll(async () => {
    spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
    await server?.close();
    dir?.remove();
  });

  it('logs in with a masked password, picks two items, confirms and sees PAID', async () => {
    if (!server || !dir) throw new Error('set up in beforeAll');
    const term = terminal({ columns: 120, rows: 40 });
    term.text(`node ${BIN} login`);
    term.keys('Enter');
    await term.waitFor('Email:');
    await term.reading();
    term.text(CUSTOMER.email);
    term.keys('Enter');
    await term.waitFor('Password:');
    await term.reading();
    term.text(CUSTOMER.password);
    term.keys('Enter');
    const loggedIn = await term.waitFor(/Logged in to .* as customer@shop\.local/);
    expect(loggedIn).not.toContain(CUSTOMER.password);

    term.run('orders create');
    await term.waitFor('Pick items');
    await term.reading();
    term.text('+');
    await term.waitFor('Cart: 1 unit,');
    term.keys('Down');
    await term.waitFor(/› [^×\n]+\n/);
    term.text('+');
    await term.waitFor('Cart: 2 units');
    term.keys('Enter');
    await term.waitFor('Place this order?');
    term.text('y');
    const done = await term.waitFor('exit=0');
    expect(done).toMatch(/✓ Order [0-9a-f-]{36}: PAID/);
    expect(done).toMatch(/Status:\s+PAID/);

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

    // The refund question names what goes back and for which order; "n" changes nothing.
    const payment = parseJson<{
      content: { paymentId: string; orderId: string; amount: number }[];
    }>((await shop(['payments', 'list', '--json'])).stdout).content[0];
    if (!payment) throw new Error('the paid order has a payment');
    term.run(`payments refund ${payment.paymentId}`);
    const asked = await term.waitFor('[y/N]');
    expect(asked).toContain(
      `Refund $${payment.amount.toFixed(2)} of payment ${payment.paymentId} for order ${payment.orderId}?`,
    );
    term.text('n');
    term.keys('Enter');
    expect(await term.waitFor('exit=')).toContain('Cancelled; nothing was changed.');
    term.close();
  });

  it('takes a pasted password (with its Enter) and a bracketed paste, and pasted searches', async () => {
    const term = terminal({ columns: 100, rows: 30 });
    term.run(`login --email ${CUSTOMER.email}`);
    await term.waitFor('Password:');
    await term.reading();
    // A password manager's paste ends in a line break: one chunk, submitted by it.
    term.paste(`${CUSTOMER.password}\n`);
    const pasted = await term.waitFor('exit=');
    expect(pasted).toMatch(/Logged in to .* as customer@shop\.local/);
    expect(pasted).toContain('exit=0');

    // With bracketed paste the text goes in and waits for Enter.
    term.run(`login --email ${CUSTOMER.email}`);
    await term.waitFor('Password:');
    await term.reading();
    term.paste(`${CUSTOMER.password}\n`, true);
    await term.waitFor(`Password: ${'*'.repeat(CUSTOMER.password.length)}`);
    // A key typed after the paste lands in the field: the paste's line break, read before it,
    // did not submit. Taken back out, the password is the pasted one.
    term.text('x');
    await term.waitFor(`Password: ${'*'.repeat(CUSTOMER.password.length + 1)}`);
    expect(term.screen()).not.toContain('exit=');
    term.keys('BSpace');
    await term.waitFor(new RegExp(`Password: \\*{${CUSTOMER.password.length}}(?!\\*)`));
    term.keys('Enter');
    expect(await term.waitFor('exit=')).toContain('exit=0');

    // "/yoga⏎" pasted into the picker searches, and the search line is drawn whole.
    term.run('orders create');
    await term.waitFor('Pick items');
    await term.reading();
    term.paste('/yoga\n');
    const found = await term.waitFor('Page 1 of 1');
    expect(found).toMatch(/^Search: yoga$/m);
    expect(found).toContain('› Yoga Mat');
    // Esc with an empty cart has nothing to lose: it leaves at once.
    term.keys('Escape');
    const left = await term.waitFor('exit=');
    expect(left).toContain('no order was placed');
    expect(left).toContain('exit=1');
    term.close();
  });

  it('draws no escape codes with NO_COLOR, on Ink screens and plain output alike', async () => {
    const term = terminal({ columns: 100, rows: 30 }, { NO_COLOR: '1' });
    term.run('orders create');
    await term.waitFor('Pick items');
    await term.reading();
    term.text('+');
    await term.waitFor('Cart: 1 unit');
    // The selected row (cyan) and the dimmed help and footer are all on screen now.
    expect(term.styled()).not.toContain('\u001B[');
    term.keys('Escape');
    await term.waitFor('Discard the cart');
    term.text('y');
    await term.waitFor('exit=');
    term.run('orders get 00000000-0000-4000-8000-000000000000');
    const failed = await term.waitFor('exit=');
    expect(failed).toContain('Error:');
    expect(term.styled()).not.toContain('\u001B[');
    term.close();

    // The same screen without NO_COLOR is styled: the check above can see escape codes.
    const colored = terminal({ columns: 100, rows: 30 });
    colored.run('orders create');
    await colored.waitFor('Pick items');
    expect(colored.styled()).toContain('\u001B[');
    colored.keys('Escape');
    await colored.waitFor('exit=');
    colored.close();
  });

  it('keeps the scrollback at 12 rows: the picker never fills the screen', async () => {
    const term = terminal({ columns: 80, rows: 12 });
    term.text('seq 1 40');
    term.keys('Enter');
    await term.waitFor(/^40$/m);
    // Not term.run: its `clear` would empty the scrollback this test watches.
    term.text(`node ${BIN} orders create; echo "exit=$?"`);
    term.keys('Enter');
    await term.waitFor('Pick items');
    await term.reading();
    const before = Number(term.show('#{history_size}'));
    expect(before).toBeGreaterThan(0);
    for (const key of ['Down', 'Down', 'Down', 'Down', 'Down', 'Down', 'Down', 'Right', 'Left']) {
      term.keys(key);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    term.text('+');
    const frame = await term.waitFor('Cart: 1 unit');
    expect(frame).toContain('Page 1 of 2');
    expect(Number(term.show('#{history_size}'))).toBe(before);
    // Made shorter still (SIGWINCH), the picker re-pages to fit. (Ink itself clears the screen
    // once when the terminal becomes shorter than the frame already drawn, so the scrollback is
    // not checked across the resize.)
    tmux('resize-window', '-t', term.name, '-y', '8');
    const shorter = await term.waitFor(/Page \d of 6/);
    expect(shorter.trimEnd().split('\n').length).toBeLessThan(8);
    term.keys('Escape');
    await term.waitFor('Discard the cart');
    term.text('y');
    await term.waitFor('exit=');
    term.close();
  });

  it('fits tables into 60 columns: each row on one line, names cut, ids and money whole', async () => {
    const term = terminal({ columns: 60, rows: 30 });
    term.run('items list --size 12');
    const screen = await term.waitFor('exit=0');
    const rows = screen.split('\n').filter((line) => /^[0-9a-f]{24}\s/.test(line));
    expect(rows).toHaveLength(12);
    for (const row of rows) expect(row).toMatch(/^[0-9a-f]{24}\s+\S+\s+.+\s\$[\d,]+\.\d\d$/);
    expect(screen).toContain('…');
    term.close();
  });

  it('ends a Ctrl-C with a line saying what happened, the cursor back, and a fresh line after [y/N]', async () => {
    const term = terminal({ columns: 100, rows: 30 });
    term.run('orders create');
    await term.waitFor('Pick items');
    await term.reading();
    term.text('+');
    await term.waitFor('Cart: 1 unit');
    term.keys('C-c');
    const interrupted = await term.waitFor('exit=');
    expect(interrupted).toContain('No order was placed.');
    expect(interrupted).toContain('exit=130');
    expect(interrupted).not.toMatch(/\n\s+at /);
    expect(term.show('#{cursor_flag}')).toBe('1');

    term.run('orders cancel 00000000-0000-4000-8000-000000000000');
    await term.waitFor('[y/N]');
    await term.reading();
    term.keys('C-c');
    const asked = await term.waitFor('exit=');
    // (tmux drops the trailing space of a line.)
    expect(asked).toMatch(/\[y\/N\]\s*\nCancelled; nothing was changed\.\nexit=130/);
    expect(asked).toContain('exit=130');
    term.close();
  });

  it('shows listen as one line per event and ends a Ctrl-C with the summary line', async () => {
    if (!server || !dir) throw new Error('set up in beforeAll');
    const term = terminal({ columns: 200, rows: 30 });
    term.run("listen --events 'order.*'");
    await term.waitFor(/Listening to .* Ctrl-C to stop\./);
    const shop = shopFor(server.url, dir.path);
    const [item] = parseJson<{ content: { itemId: string }[] }>(
      (await shop(['items', 'list', '--json'])).stdout,
    ).content;
    const placed = await shop([
      'orders',
      'create',
      '--item',
      `${item?.itemId}:1`,
      '--wait',
      '--json',
    ]);
    const { orderId } = parseJson<{ orderId: string }>(placed.stdout);
    const screen = await term.waitFor('--> order.paid');
    const line = (type: string): RegExp =>
      new RegExp(
        `^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  --> ${type} \\[evt_[0-9a-f]{32}\\] order ${orderId}$`,
        'm',
      );
    expect(screen).toMatch(line('order\\.created'));
    expect(screen).toMatch(line('order\\.paid'));
    expect(screen).not.toContain('payment.');
    term.keys('C-c');
    const stopped = await term.waitFor('exit=');
    expect(stopped).toMatch(
      /^Stopped: 2 events seen, 0 forwarded, 0 failed; the next run resumes after seq \d+\.$/m,
    );
    expect(stopped).toContain('exit=130');
    term.close();
  });
});
