// The SDK's tests run against the real reference server (port 0, in-memory SQLite, response
// validation on, fault injection installed so a request can ask for a fault with `Prefer`).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { RunningServer, StartServerOptions } from '@shop/server';
import { newUpc, SEEDED, startInProcess } from '@shop/test-kit';
import { createShopClient, type ShopClient, type ShopClientOptions } from '../src/index.js';
import type { ResponseInfo } from '../src/fetch/retry.js';

/** Faults off by default (`rate=0`) but installed, so `Prefer: fault=…` and `delay=…` work. */
const startShop = (options: StartServerOptions = {}): Promise<RunningServer> =>
  startInProcess({ faults: 'rate=0', ...options });

/** A client plus the log of every attempt it made (status, attempt number, request id). */
export function client(
  url: string,
  options: ShopClientOptions = {},
): { shop: ShopClient; attempts: ResponseInfo[] } {
  const attempts: ResponseInfo[] = [];
  const shop = createShopClient({
    baseUrl: url,
    ...options,
    onResponse: (info) => {
      attempts.push(info);
      options.onResponse?.(info);
    },
  });
  return { shop, attempts };
}

/** A client logged in as a seeded account. */
export async function clientAs(
  url: string,
  who: keyof typeof SEEDED,
  options: ShopClientOptions = {},
): Promise<{ shop: ShopClient; attempts: ResponseInfo[] }> {
  const made = client(url, options);
  await made.shop.auth.login({ email: SEEDED[who].email, password: SEEDED[who].password });
  made.attempts.length = 0;
  return made;
}

/**
 * Registers a fresh customer (unique email; optional payment method) with a plain client, then
 * returns a client with `options` holding its token, so faults in `options` hit only the test.
 */
export async function newCustomer(
  url: string,
  { paymentMethod, ...options }: ShopClientOptions & { paymentMethod?: string } = {},
) {
  const { shop: plain } = client(url);
  const email = `sdk-${randomUUID()}@example.com`;
  const password = 'test-password-1';
  const account = await plain.accounts.create({
    email,
    username: 'SDK Test',
    password,
    ...(paymentMethod && { paymentMethod }),
  });
  const { token } = await plain.auth.login({ email, password });
  return { ...client(url, { token, ...options }), account, email, password };
}

/**
 * A `sleep` for {@link ShopClientOptions} that returns at once: a test sees the retries without
 * waiting out the backoff between them.
 */
export const noWait = (): Promise<void> => Promise.resolve();

/** A fresh item (created by `admin`) with `units` in stock, so tests do not share counts. */
export async function stockedItem(
  admin: ShopClient,
  units: number,
  unitPrice = 10,
): Promise<string> {
  const item = await admin.items.create({ upc: newUpc(), itemName: 'SDK test item', unitPrice });
  await admin.inventory.set(item.itemId, units);
  return item.itemId;
}

/**
 * Registers hooks that start one server for the test file and log an admin in; read
 * `env.url` and `env.admin` inside tests.
 */
export function useShop(options: StartServerOptions = {}): { url: string; admin: ShopClient } {
  let server: RunningServer | undefined;
  let admin: ShopClient | undefined;
  beforeAll(async () => {
    server = await startShop(options);
    admin = (await clientAs(server.url, 'admin')).shop;
  });
  afterAll(() => server?.close());
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useShop(): the server starts in beforeAll');
    return value;
  };
  return {
    get url() {
      return ready(server).url;
    },
    get admin() {
      return ready(admin);
    },
  };
}
