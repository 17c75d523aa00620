/** Servers to test against: in-process (startServer) or a separate child process (dist/main.js). */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ONE_CLIENT_TEST_LIMITS,
  startServer,
  type RunningServer,
  type StartServerOptions,
} from '@shop/server';
import { client } from './http.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SERVER_MAIN = `${REPO_ROOT}packages/server/dist/main.js`;

export const SEEDED = {
  admin: { email: 'admin@shop.local', password: 'admin-password' },
  customer: { email: 'customer@shop.local', password: 'customer-password' },
} as const;

/**
 * A fresh in-memory server on a free port, validating its own responses against the contract.
 * Every suite's client is 127.0.0.1, so the per-client registration and spray limits are lifted
 * unless a suite sets them; the per-email login limit keeps its default.
 */
export const startInProcess = (options: StartServerOptions = {}): Promise<RunningServer> =>
  startServer({
    port: 0,
    db: ':memory:',
    validateResponses: true,
    ...options,
    authLimits: { ...ONE_CLIENT_TEST_LIMITS, ...options.authLimits },
  });

export interface ChildServer {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code/signal once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Spawns `node packages/server/dist/main.js --port 0 …` and waits (bounded) for its banner,
 * which names the port it got: no race for a "free" port.
 */
export async function spawnServer(
  args: string[],
  env: Record<string, string> = {},
  deadlineMs = 20_000,
): Promise<ChildServer> {
  if (!existsSync(SERVER_MAIN)) {
    throw new Error(`${SERVER_MAIN} is missing: run pnpm --filter @shop/server build`);
  }
  const child = spawn(process.execPath, [SERVER_MAIN, '--port', '0', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${deadlineMs} ms:\n${output}`));
    }, deadlineMs);
    const check = (): void => {
      const match = /listening on http:\/\/localhost:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    };
    child.stdout.on('data', check);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  return { url, child, output: () => output, exited };
}

/** SIGKILLs every server still running and waits for each to end (suites' afterAll). */
export async function killAll(servers: ChildServer[]): Promise<void> {
  for (const server of servers) {
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
  }
}

export async function login(url: string, email: string, password: string): Promise<string> {
  const res = await client(url).post('/api/auth/login', { email, password });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${res.text}`);
  return res.body.token as string;
}

export interface Customer {
  accountId: string;
  email: string;
  password: string;
  token: string;
}

export async function registerCustomer(
  url: string,
  extra: Record<string, unknown> = {},
): Promise<Customer> {
  const email = `rel-${randomUUID()}@example.com`;
  const password = `pw-${randomUUID()}`;
  const res = await client(url).post('/api/accounts', {
    email,
    username: 'Reliability',
    password,
    ...extra,
  });
  if (res.status !== 201) throw new Error(`register: ${res.status} ${res.text}`);
  return {
    accountId: res.body.accountId,
    email,
    password,
    token: await login(url, email, password),
  };
}

/** Creates an item with a random UPC and sets its stock; returns its id. */
export async function createStockedItem(
  url: string,
  adminToken: string,
  units: number,
  unitPrice = 3.5,
): Promise<string> {
  const admin = client(url, adminToken);
  const upc = String(randomInt(10 ** 11, 10 ** 12));
  const created = await admin.post('/api/items', { upc, itemName: `Rel ${upc}`, unitPrice });
  if (created.status !== 201) throw new Error(`create item: ${created.status} ${created.text}`);
  const itemId = created.body.itemId as string;
  const stocked = await admin.put(`/api/inventory/${itemId}`, { availableUnits: units });
  if (stocked.status !== 200) throw new Error(`set stock: ${stocked.status} ${stocked.text}`);
  return itemId;
}

export const FINAL_STATUSES = ['PAID', 'PAYMENT_FAILED', 'FAILED', 'CANCELLED', 'REFUNDED'];
