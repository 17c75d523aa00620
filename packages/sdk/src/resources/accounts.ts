import type { RequestOptions, ResourceContext } from './context.js';
import type { Account, AccountCreate, AccountUpdate, Input } from '../types.js';
import { unwrap } from './result.js';

/** Accounts: sign-up, read and update. */
export interface AccountsResource {
  /**
   * Registers a customer account (no token needed). Throws `ConflictError`
   * (`account.email_taken`) when the email is in use.
   */
  create(body: Input<AccountCreate>, options?: RequestOptions): Promise<Account>;
  /** Reads an account: your own, or any as admin; others' are `NotFoundError`. */
  get(accountId: string, options?: RequestOptions): Promise<Account>;
  /** Changes any of an account's fields (partial update); your own, or any as admin. */
  update(accountId: string, body: Input<AccountUpdate>, options?: RequestOptions): Promise<Account>;
}

export function accountsResource({ raw, init }: ResourceContext): AccountsResource {
  return {
    async create(body, options) {
      return unwrap(await raw.POST('/api/accounts', { body, ...init(options) }));
    },
    async get(accountId, options) {
      return unwrap(
        await raw.GET('/api/accounts/{accountId}', {
          params: { path: { accountId } },
          ...init(options),
        }),
      );
    },
    async update(accountId, body, options) {
      return unwrap(
        await raw.PUT('/api/accounts/{accountId}', {
          params: { path: { accountId } },
          body,
          ...init(options),
        }),
      );
    },
  };
}
