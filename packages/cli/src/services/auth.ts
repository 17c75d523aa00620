import type { Account, LoginResponse, TokenValidation } from '@shop/sdk';
import type { Context } from '../context.js';
import { client } from './client.js';

/** Logs in and keeps the token in the profile (conf, file mode 0600). */
export async function login(
  ctx: Context,
  credentials: { email: string; password: string },
): Promise<LoginResponse> {
  const shop = await client(ctx);
  const session = await shop.auth.login(credentials);
  await ctx.config.updateProfile(ctx.profileName, {
    token: session.token,
    tokenExpiresAt: session.expiresAt,
    accountId: session.accountId,
    email: credentials.email,
    // Remember where this login belongs, so the profile keeps working without --api-url.
    'api-url': ctx.apiUrl,
  });
  return session;
}

/** Forgets the stored token; returns whether there was one. */
export async function logout(ctx: Context): Promise<boolean> {
  const had = ctx.profile.token !== undefined;
  await ctx.config.updateProfile(ctx.profileName, {
    token: undefined,
    tokenExpiresAt: undefined,
    accountId: undefined,
    email: undefined,
  });
  return had;
}

export async function whoami(
  ctx: Context,
): Promise<{ session: TokenValidation; account: Account }> {
  const shop = await client(ctx);
  const session = await shop.auth.validate();
  const account = await shop.accounts.get(session.accountId);
  return { session, account };
}
