import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));

/** Runs `shop-server` from source (tsx), as the built bin would run. */
function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, exited, out: () => stdout, err: () => stderr };
}

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
  });

  it('starts, prints URL, docs and demo credentials, and exits 0 on SIGTERM', async () => {
    const proc = run(['--port', '0', '--db', ':memory:']);
    while (!proc.out().includes('shop login')) {
      const code = await Promise.race([
        proc.exited,
        new Promise<'tick'>((resolve) => setTimeout(() => resolve('tick'), 50)),
      ]);
      if (code !== 'tick') throw new Error(`exited early (${code}): ${proc.err()}`);
    }
    const out = proc.out();
    const url = /listening on (http:\/\/localhost:\d+)/.exec(out)?.[1];
    expect(url).toBeDefined();
    expect(out).toContain(`${url}/docs`);
    expect(out).toContain('admin@shop.local / admin-password');
    expect(out).toContain('customer@shop.local / customer-password');
    expect(out).toContain(`export SHOP_API_URL=${url}`);
    const health = await fetch(`${url?.replace('localhost', '127.0.0.1')}/health`);
    expect(health.status).toBe(200);
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  });
});
