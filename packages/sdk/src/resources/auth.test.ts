import { describe, expect, it } from 'vitest';
import { RateLimitedError, UnauthorizedError } from '../errors.js';
import { client, newCustomer, useShop } from '../../test/server.js';

const env = useShop();

describe('auth', () => {
  it('logs in, keeps the token on the client, and validates it', async () => {
    const { email, password, account } = await newCustomer(env.url);
    const { shop } = client(env.url);
    const login = await shop.auth.login({ email, password });
    expect(login).toMatchObject({ tokenType: 'Bearer', accountId: account.accountId });
    expect(await shop.auth.validate()).toMatchObject({ valid: true, accountId: account.accountId });
  });

  it('leaves the client without a token when told so', async () => {
    const { email, password } = await newCustomer(env.url);
    const { shop } = client(env.url);
    const { token } = await shop.auth.login({ email, password }, { setToken: false });
    await expect(shop.auth.validate()).rejects.toBeInstanceOf(UnauthorizedError);
    shop.auth.setToken(token);
    expect((await shop.auth.validate()).valid).toBe(true);
  });

  it('asks getToken for the token when none is set', async () => {
    const { email, password } = await newCustomer(env.url);
    const { token } = await client(env.url).shop.auth.login({ email, password });
    const { shop } = client(env.url, { getToken: () => Promise.resolve(token) });
    expect((await shop.auth.validate()).valid).toBe(true);
  });

  it('throws UnauthorizedError for a wrong password and a bad token', async () => {
    const { email } = await newCustomer(env.url);
    const { shop } = client(env.url);
    await expect(shop.auth.login({ email, password: 'wrong-password' })).rejects.toMatchObject({
      name: 'UnauthorizedError',
      code: 'auth.invalid_credentials',
    });
    shop.auth.setToken('not-a-jwt');
    await expect(shop.auth.validate()).rejects.toMatchObject({ code: 'auth.invalid_token' });
  });

  it('throws RateLimitedError with retryAfterSeconds after repeated failures, without retrying', async () => {
    const { email } = await newCustomer(env.url);
    const { shop, attempts } = client(env.url);
    let error: unknown;
    for (let i = 0; i < 10 && !(error instanceof RateLimitedError); i++) {
      error = await shop.auth.login({ email, password: 'wrong-password' }).catch((e: unknown) => e);
    }
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).code).toBe('auth.too_many_attempts');
    expect((error as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
    // A login is a POST without an Idempotency-Key: one attempt per call, never retried.
    expect(attempts.every((a) => a.attempt === 1)).toBe(true);
  });
});
