import { describe, expect, it } from 'vitest';
import { BadRequestError, ConflictError, NotFoundError, UnauthorizedError } from '../errors.js';
import { client, newCustomer, useShop } from '../../test/server.js';

const env = useShop();

describe('accounts', () => {
  it('creates a customer account without exposing a password', async () => {
    const { account, email } = await newCustomer(env.url);
    expect(account).toMatchObject({ email, username: 'SDK Test', role: 'customer' });
    expect(JSON.stringify(account)).not.toContain('test-password-1');
  });

  it('reads and updates your own account', async () => {
    const { shop, account } = await newCustomer(env.url);
    expect(await shop.accounts.get(account.accountId)).toEqual(account);
    const updated = await shop.accounts.update(account.accountId, {
      shippingAddress: '1 Test Street',
    });
    expect(updated).toMatchObject({
      accountId: account.accountId,
      shippingAddress: '1 Test Street',
    });
    expect((await shop.accounts.get(account.accountId)).shippingAddress).toBe('1 Test Street');
  });

  it("answers NotFoundError for another customer's account, and lets an admin read it", async () => {
    const { account } = await newCustomer(env.url);
    const { shop: other } = await newCustomer(env.url);
    const error = await other.accounts.get(account.accountId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'account.not_found' });
    expect((await env.admin.accounts.get(account.accountId)).email).toBe(account.email);
  });

  it('throws ConflictError for a taken email, with the request id of the response', async () => {
    const { email } = await newCustomer(env.url);
    const { shop, attempts } = client(env.url);
    const error = await shop.accounts
      .create({ email, username: 'Again', password: 'another-password' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, code: 'account.email_taken' });
    expect((error as ConflictError).requestId).toBe(attempts.at(-1)?.requestId);
    expect((error as ConflictError).problem.requestId).toBe(attempts.at(-1)?.requestId);
  });

  it('throws BadRequestError naming each invalid field', async () => {
    const { shop } = client(env.url);
    const error = await shop.accounts
      .create({ email: 'not-an-email', username: 'x', password: 'short' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    const { code, errors } = error as BadRequestError;
    expect(code).toBe('validation.failed');
    expect(errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['/body/email', '/body/password']),
    );
  });

  it('throws UnauthorizedError without a token', async () => {
    const { account } = await newCustomer(env.url);
    const { shop } = client(env.url);
    await expect(shop.accounts.get(account.accountId)).rejects.toMatchObject({
      name: 'UnauthorizedError',
      code: 'auth.missing_token',
    });
    await expect(shop.accounts.get(account.accountId)).rejects.toBeInstanceOf(UnauthorizedError);
  });
});
