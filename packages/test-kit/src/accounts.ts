/** The seeded accounts (from @shop/server, never re-typed) and fresh ones, over raw HTTP. */
import { randomInt, randomUUID } from 'node:crypto';
import { DEFAULT_ADMIN, DEMO_CUSTOMER } from '@shop/server';
import { client, type Client } from './http.js';

/** What a server started with its seed (the default) accepts at login. */
export const SEEDED = {
  admin: { email: DEFAULT_ADMIN.email, password: DEFAULT_ADMIN.password },
  customer: { email: DEMO_CUSTOMER.email, password: DEMO_CUSTOMER.password },
} as const;

export async function login(url: string, email: string, password: string): Promise<string> {
  const res = await client(url).post<{ token: string }>('/api/auth/login', { email, password });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${res.text}`);
  return res.body.token;
}

/** A token for one of the seeded accounts. */
export const loginAs = (url: string, who: keyof typeof SEEDED): Promise<string> =>
  login(url, SEEDED[who].email, SEEDED[who].password);

export interface RegisteredCustomer {
  account: {
    accountId: string;
    email: string;
    username: string;
    paymentMethod: string;
    role: 'customer' | 'admin';
    [key: string]: unknown;
  };
  accountId: string;
  token: string;
  email: string;
  password: string;
}

/** Registers a fresh customer (unique email unless given) and logs it in. */
export async function registerCustomer(
  url: string,
  overrides: Record<string, unknown> = {},
): Promise<RegisteredCustomer> {
  const email = (overrides.email as string | undefined) ?? `user-${randomUUID()}@example.com`;
  const password = (overrides.password as string | undefined) ?? `pw-${randomUUID()}`;
  const res = await client(url).post<RegisteredCustomer['account']>('/api/accounts', {
    username: 'Test Customer',
    ...overrides,
    email,
    password,
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${res.text}`);
  return {
    account: res.body,
    accountId: res.body.accountId,
    token: await login(url, email, password),
    email,
    password,
  };
}

/** A fresh 12-digit UPC, so tests never collide on `item.upc_taken`. */
export const newUpc = (): string => String(randomInt(10 ** 11, 10 ** 12));

/** Creates an item as `admin` and sets its stock to `units`; returns its id. */
export async function stockedItem(
  admin: Client,
  units: number,
  { unitPrice = 12.5, itemName }: { unitPrice?: number; itemName?: string } = {},
): Promise<string> {
  const upc = newUpc();
  const item = await admin.post('/api/items', {
    upc,
    itemName: itemName ?? `Item ${upc}`,
    unitPrice,
  });
  if (item.status !== 201) throw new Error(`create item failed: ${item.status} ${item.text}`);
  const itemId = item.body.itemId as string;
  const set = await admin.put(`/api/inventory/${itemId}`, { availableUnits: units });
  if (set.status !== 200) throw new Error(`set inventory failed: ${set.status} ${set.text}`);
  return itemId;
}
