import type { Account, AccountCreate, AccountUpdate } from '@shop/sdk';
import type { Context } from '../context.js';
import { client } from './client.js';

export async function createAccount(ctx: Context, body: AccountCreate): Promise<Account> {
  return (await client(ctx)).accounts.create(body);
}

/** Without an id: the logged-in account (the id login stored, else the token's). */
async function resolveAccountId(ctx: Context, accountId: string | undefined): Promise<string> {
  if (accountId) return accountId;
  if (ctx.tokenSource === 'profile' && ctx.profile.accountId) return ctx.profile.accountId;
  return (await (await client(ctx)).auth.validate()).accountId;
}

export async function getAccount(ctx: Context, accountId?: string): Promise<Account> {
  const id = await resolveAccountId(ctx, accountId);
  return (await client(ctx)).accounts.get(id);
}

export async function updateAccount(
  ctx: Context,
  accountId: string | undefined,
  body: AccountUpdate,
): Promise<Account> {
  const id = await resolveAccountId(ctx, accountId);
  return (await client(ctx)).accounts.update(id, body);
}
