import { createHmac } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningServer } from '@shop/server';
import { startInProcess } from '@shop/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, CUSTOMER, parseJson, shopFor, tempDir } from './helpers.js';

let server: RunningServer;
const dirs: { remove: () => void }[] = [];

function freshShop() {
  const dir = tempDir('shop-cli-auth-');
  dirs.push(dir);
  return { shop: shopFor(server.url, dir.path), configDir: dir.path };
}

beforeAll(async () => {
  server = await startInProcess({
    jwtSecret: 'cli-test-secret-that-is-long-enough-123',
  });
});

afterAll(async () => {
  await server?.close();
  for (const dir of dirs) dir.remove();
});

describe('shop login / whoami / logout', () => {
  it('logs in from stdin, keeps the token in a 0600 file, and whoami shows the account', async () => {
    const { shop, configDir } = freshShop();
    const login = await shop(['login', '--email', CUSTOMER.email, '--password-stdin'], {
      input: `${CUSTOMER.password}\n`,
    });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain(`Logged in to ${server.url} as ${CUSTOMER.email}`);

    const file = join(configDir, 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = parseJson<{ profiles: Record<string, { token?: string }> }>(
      readFileSync(file, 'utf8'),
    );
    expect(stored.profiles.default?.token).toMatch(/^ey/);

    const whoami = await shop(['whoami', '--json']);
    expect(whoami.code, whoami.stderr).toBe(0);
    const account = parseJson(whoami.stdout);
    expect(account).toMatchObject({ email: CUSTOMER.email, role: 'customer' });
    expect(whoami.stderr).toBe('');

    const human = await shop(['whoami']);
    expect(human.stdout).toContain(`as ${CUSTOMER.email} (customer)`);
    expect(human.stdout).toMatch(/token expires \d{4}-\d\d-\d\d .* \(in \d+ hours?\)/);

    const logout = await shop(['logout']);
    expect(logout.code).toBe(0);
    const after = await shop(['whoami']);
    expect(after.code).toBe(4);
    expect(after.stderr).toContain('not logged in');
    expect(after.stderr).toContain('shop login');
  });

  it('prints the login response as JSON with --json', async () => {
    const { shop } = freshShop();
    const login = await shop(['login', '--email', CUSTOMER.email, '--password-stdin', '--json'], {
      input: CUSTOMER.password,
    });
    expect(login.code).toBe(0);
    expect(parseJson(login.stdout)).toMatchObject({
      tokenType: 'Bearer',
      token: expect.any(String),
    });
  });

  it('says the password is wrong (exit 4)', async () => {
    const { shop } = freshShop();
    const result = await shop(['login', '--email', CUSTOMER.email, '--password-stdin'], {
      input: 'not-the-password',
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('Wrong email or password.');
    expect(result.stdout).toBe('');
  });

  it('does not prompt off a terminal: it names the flags to pass (exit 2)', async () => {
    const { shop } = freshShop();
    const result = await shop(['login']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--email <email> --password-stdin');
  });

  it('lets SHOP_TOKEN override the stored token', async () => {
    const admin = freshShop();
    const login = await admin.shop(
      ['login', '--email', ADMIN.email, '--password-stdin', '--json'],
      {
        input: ADMIN.password,
      },
    );
    const { token } = parseJson<{ token: string }>(login.stdout);
    const customer = freshShop();
    await customer.shop(['login', '--email', CUSTOMER.email, '--password-stdin'], {
      input: CUSTOMER.password,
    });
    const whoami = await customer.shop(['whoami', '--json'], { env: { SHOP_TOKEN: token } });
    expect(parseJson(whoami.stdout)).toMatchObject({ email: ADMIN.email, role: 'admin' });
  });

  it('tells an expired login apart and says to run shop login', async () => {
    const { shop, configDir } = freshShop();
    await shop(['login', '--email', CUSTOMER.email, '--password-stdin'], {
      input: CUSTOMER.password,
    });
    const file = join(configDir, 'config.json');
    const stored = parseJson<{ profiles: { default: { token: string; tokenExpiresAt: string } } }>(
      readFileSync(file, 'utf8'),
    );
    // A token the server itself would have issued, signed with its secret, but an hour past expiry.
    const claims = parseJson<Record<string, unknown>>(
      Buffer.from(stored.profiles.default.token.split('.')[1] ?? '', 'base64url').toString(),
    );
    const past = Math.floor(Date.now() / 1000) - 3600;
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ ...claims, iat: past - 3600, exp: past })}`;
    const signature = createHmac('sha256', 'cli-test-secret-that-is-long-enough-123')
      .update(unsigned)
      .digest('base64url');
    stored.profiles.default.token = `${unsigned}.${signature}`;
    stored.profiles.default.tokenExpiresAt = new Date(past * 1000).toISOString();
    writeFileSync(file, JSON.stringify(stored));

    // whoami knows from the stored expiry; orders list hears it from the server's 401.
    for (const args of [['whoami'], ['orders', 'list']]) {
      const result = await shop(args);
      expect(result.code, args.join(' ')).toBe(4);
      expect(result.stderr).toContain(
        `Your login expired at ${new Date(past * 1000).toISOString()}`,
      );
      expect(result.stderr).toContain('shop login');
    }
  });

  it('keeps one login per profile and switches with profiles use', async () => {
    const { shop } = freshShop();
    await shop(['login', '--email', CUSTOMER.email, '--password-stdin'], {
      input: CUSTOMER.password,
    });
    const adminLogin = await shop(
      ['login', '--profile', 'admin', '--email', ADMIN.email, '--password-stdin'],
      {
        input: ADMIN.password,
      },
    );
    expect(adminLogin.stdout).toContain('(profile admin)');

    const profiles = parseJson<{ name: string; current: boolean; email: string | null }[]>(
      (await shop(['profiles', 'list', '--json'])).stdout,
    );
    expect(profiles).toEqual([
      expect.objectContaining({ name: 'admin', current: false, email: ADMIN.email }),
      expect.objectContaining({ name: 'default', current: true, email: CUSTOMER.email }),
    ]);

    expect((await shop(['profiles', 'use', 'admin'])).code).toBe(0);
    expect(parseJson((await shop(['whoami', '--json'])).stdout)).toMatchObject({
      email: ADMIN.email,
    });
    expect(
      parseJson((await shop(['whoami', '--json', '--profile', 'default'])).stdout),
    ).toMatchObject({
      email: CUSTOMER.email,
    });
    const bad = await shop(['profiles', 'use', 'no/such']);
    expect(bad.code).toBe(2);
  });

  it('shows and changes your own account', async () => {
    const { shop } = freshShop();
    await shop(['login', '--email', CUSTOMER.email, '--password-stdin'], {
      input: CUSTOMER.password,
    });
    const human = await shop(['accounts', 'get']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/Email:\s+customer@shop\.local/);
    const updated = await shop([
      'accounts',
      'update',
      '--shipping-address',
      '1 Test Street',
      '--json',
    ]);
    expect(updated.code, updated.stderr).toBe(0);
    expect(parseJson(updated.stdout)).toMatchObject({
      email: CUSTOMER.email,
      shippingAddress: '1 Test Street',
    });
    const nothing = await shop(['accounts', 'update']);
    expect(nothing.code).toBe(2);
    const taken = await shop(
      ['accounts', 'create', '--email', ADMIN.email, '--username', 'x', '--password-stdin'],
      {
        input: 'long-enough-password',
      },
    );
    expect(taken.code).toBe(6);
    expect(taken.stderr).toContain('shop login --email');
  });
});
