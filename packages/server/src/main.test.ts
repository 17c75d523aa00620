import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const bin = fileURLToPath(new URL('../bin/shop-server.js', import.meta.url));
const dist = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

interface Proc {
  child: ReturnType<typeof spawn>;
  exited: Promise<number | null>;
  out(): string;
  err(): string;
}
const running: Proc[] = [];

/** Runs the built `shop-server` bin, as a user would. */
function run(args: string[], env: Record<string, string> = {}): Proc {
  return track(process.execPath, [bin, ...args], env);
}

/** From the repository root, where `pnpm start` runs it. */
function track(command: string, args: string[], env: Record<string, string>): Proc {
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // 'close', not 'exit': the exit can be reported before the last of stderr is read, and the
  // tests read it as soon as `exited` resolves.
  const exited = once(child, 'close').then(([code]) => code as number | null);
  const proc = { child, exited, out: () => stdout, err: () => stderr };
  running.push(proc);
  return proc;
}

/** Resolves once `text` appears on stdout; fails if the process exits first. */
async function waitFor(proc: Proc, text: string | RegExp): Promise<string> {
  const seen = (): boolean =>
    typeof text === 'string' ? proc.out().includes(text) : text.test(proc.out());
  while (!seen()) {
    const code = await Promise.race([
      proc.exited,
      new Promise<'tick'>((resolve) => setTimeout(() => resolve('tick'), 50)),
    ]);
    if (code !== 'tick') throw new Error(`exited early (${code}): ${proc.err()}${proc.out()}`);
  }
  return proc.out();
}

const urlOf = (banner: string): string => {
  const url = /listening on (http:\/\/\S+)/.exec(banner)?.[1];
  if (url === undefined) throw new Error(`no URL in:\n${banner}`);
  return url;
};

beforeAll(() => {
  if (!existsSync(dist)) throw new Error('packages/server/dist is missing: run pnpm build first');
});

afterEach(async () => {
  for (const proc of running.splice(0)) {
    if (proc.child.exitCode === null && proc.child.signalCode === null) {
      proc.child.kill('SIGKILL');
      await proc.exited;
    }
  }
});

describe('shop-server (main)', () => {
  it('exits 2 with a one-line error for a bad flag', async () => {
    const proc = run(['--prot', '4010']);
    expect(await proc.exited).toBe(2);
    expect(proc.err().trim().split('\n')).toHaveLength(1);
    expect(proc.err()).toMatch(/^shop-server: .*prot/);
  });

  it('prints usage for --help', async () => {
    const proc = run(['--help']);
    expect(await proc.exited).toBe(0);
    expect(proc.out()).toContain('Usage: shop-server');
    expect(proc.out()).toContain('--host');
  });

  it('starts on loopback, prints URL, host, docs and demo credentials, and exits 0 on SIGTERM', async () => {
    const proc = run(['--port', '0', '--db', ':memory:']);
    const out = await waitFor(proc, ' login\n');
    const url = urlOf(out);
    expect(url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(out).toContain('host:      127.0.0.1 (this machine only; --host 0.0.0.0');
    expect(out).toContain(`${url}/docs`);
    expect(out).toContain('admin@shop.local / admin-password');
    expect(out).toContain('customer@shop.local / customer-password');
    expect(out).toContain(`export SHOP_API_URL=${url}`);
    const port = new URL(url).port;
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  });

  it('handles SIGTERM from the moment its banner is out: a supervisor may stop it at once', async () => {
    // The banner is the readiness signal (the test kit and supervisors wait for it), so a SIGTERM
    // sent the instant it appears must drain and exit 0, not kill the process by default action.
    const dir = mkdtempSync(join(tmpdir(), 'shop-sigterm-'));
    try {
      const preload = join(dir, 'term-on-banner.mjs');
      writeFileSync(
        preload,
        [
          'const write = process.stdout.write.bind(process.stdout);',
          'process.stdout.write = (chunk, ...rest) => {',
          '  const written = write(chunk, ...rest);',
          "  if (String(chunk).includes('listening on')) process.kill(process.pid, 'SIGTERM');",
          '  return written;',
          '};',
        ].join('\n'),
      );
      const proc = track(
        process.execPath,
        ['--import', pathToFileURL(preload).href, bin, '--port', '0', '--db', ':memory:'],
        {},
      );
      expect(await proc.exited).toBe(0);
      expect(proc.child.signalCode).toBeNull();
      expect(proc.err()).toContain('SIGTERM, finishing in-flight requests');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the banner's CLI hint works as printed from the repository root", async () => {
    const proc = run(['--port', '0', '--db', ':memory:']);
    const out = await waitFor(proc, ' login\n');
    const hint = /^ {2}(.+) login$/m.exec(out)?.[1];
    // Inside the repository the workspace's built CLI, which is not on PATH.
    expect(hint).toBe('node packages/cli/dist/bin.js');
    const [command = '', ...args] = (hint ?? '').split(' ');
    const configDir = mkdtempSync(join(tmpdir(), 'shop-banner-'));
    try {
      const said = execFileSync(
        command === 'node' ? process.execPath : command,
        [...args, 'login', '--email', 'customer@shop.local', '--password-stdin'],
        {
          cwd: repoRoot,
          input: 'customer-password',
          encoding: 'utf8',
          env: { ...process.env, SHOP_API_URL: urlOf(out), SHOP_CONFIG_DIR: configDir },
        },
      );
      expect(said).toContain('Logged in');
    } finally {
      rmSync(configDir, { recursive: true, force: true });
    }
  });

  it('--host widens the interface and says so in the banner', async () => {
    const proc = run(['--port', '0', '--db', ':memory:', '--host', '0.0.0.0']);
    const out = await waitFor(proc, ' login\n');
    expect(out).toContain('host:      0.0.0.0 (all interfaces');
    expect(urlOf(out)).toMatch(/^http:\/\/localhost:\d+$/);
  });

  it('advertises the port it really got (port 0) in /openapi.yaml, and / leads to /docs', async () => {
    const proc = run(['--port', '0', '--db', ':memory:', '--no-seed']);
    const port = new URL(urlOf(await waitFor(proc, ' login\n'))).port;
    const base = `http://127.0.0.1:${port}`;
    const contract = parse(await (await fetch(`${base}/openapi.yaml`)).text()) as {
      servers: { url: string }[];
    };
    expect(contract.servers[0]?.url).toBe(base);
    const root = await fetch(`${base}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/docs');
  });

  it('a busy port is one line naming the port and the flag, exit 1, no stack trace', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as { port: number };
    try {
      const proc = run(['--port', String(port), '--db', ':memory:', '--no-seed']);
      expect(await proc.exited).toBe(1);
      const lines = proc.err().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^shop-server: port ${port} is already in use`));
      expect(lines[0]).toContain('--port');
      expect(proc.err()).not.toMatch(/\bat .*\.js:\d+/);

      // It fails before touching the database: a second copy of a running server, the usual
      // cause, must not change the first one's file.
      const dir = mkdtempSync(join(tmpdir(), 'shop-busy-'));
      try {
        const second = run(['--port', String(port), '--db', join(dir, 'shop.db')]);
        expect(await second.exited).toBe(1);
        expect(existsSync(join(dir, 'shop.db'))).toBe(false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }

      // Asked for, the stack comes too.
      const debug = run(['--port', String(port), '--db', ':memory:', '--no-seed'], {
        LOG_LEVEL: 'debug',
      });
      expect(await debug.exited).toBe(1);
      expect(debug.err()).toMatch(/\n\s+at /);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('logs JSON lines when stdout is not a terminal', async () => {
    const proc = run(['--port', '0', '--db', ':memory:', '--no-seed'], { LOG_LEVEL: 'info' });
    const port = new URL(urlOf(await waitFor(proc, ' login\n'))).port;
    await (await fetch(`http://127.0.0.1:${port}/health`)).text();
    const line = (await waitFor(proc, /"url":"\/health"/))
      .split('\n')
      .find((l) => /\/health/.test(l));
    expect(JSON.parse(line ?? '')).toMatchObject({ req: { method: 'GET', url: '/health' } });
  });

  it.runIf(existsSync('/usr/bin/script'))(
    'logs one readable line per request on a terminal (util-linux script gives it one)',
    async () => {
      const command = [process.execPath, bin, '--port', '0', '--db', ':memory:', '--no-seed']
        .map((arg) => `'${arg}'`)
        .join(' ');
      const proc = track('script', ['-qfec', command, '/dev/null'], {
        LOG_LEVEL: 'info',
        NO_COLOR: '1',
      });
      const port = new URL(urlOf(await waitFor(proc, ' login'))).port;
      await (await fetch(`http://127.0.0.1:${port}/health`)).text();
      const out = await waitFor(proc, /GET \/health 200/);
      expect(out).toMatch(/^\[[\d:.]+\] INFO: GET \/health 200 \d+ms \([\w-]+\)\r?$/m);
      expect(out).not.toContain('"url"');
    },
  );
});
