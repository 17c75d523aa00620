import { randomUUID } from 'node:crypto';
import type { Schemas } from '../../api-types.js';
import type { Db } from '../../db/database.js';
import {
  findAccountByEmail,
  findAccountById,
  insertAccount,
  saveAccount,
  type AccountRecord,
  type Role,
} from '../../db/repositories/accounts.js';
import { assertPasswordFits, type PasswordHasher } from '../auth/passwords.js';
import { DomainError } from '../errors.js';
import { DEFAULT_PAYMENT_METHOD } from '../payments/methods.js';

/** The API's shapes (generated from the contract). Account never carries the hash. */
export type Account = Schemas['Account'];
// The generated type makes `paymentMethod` required (it has a default); callers other than the
// validated route (the seed) may leave it out.
export type AccountCreate = Omit<Schemas['AccountCreate'], 'paymentMethod'> & {
  paymentMethod?: string;
};
export type AccountUpdate = Schemas['AccountUpdate'];

/** Who is asking: owners see and change their own account, admins any. */
export interface Caller {
  accountId: string;
  role: Role;
}

function toAccount(record: AccountRecord): Account {
  const { passwordHash: _hash, passwordVersion: _version, ...account } = record;
  return account;
}

/**
 * Creates an account. `role` and `accountId` are only chosen by the seed (the API always creates
 * customers with a random id).
 */
export async function createAccount(
  db: Db,
  passwords: PasswordHasher,
  input: AccountCreate,
  now: Date,
  { role = 'customer', accountId = randomUUID() }: { role?: Role; accountId?: string } = {},
): Promise<Account> {
  assertPasswordFits(input.password);
  const passwordHash = await passwords.hash(input.password);
  const at = now.toISOString();
  const record: AccountRecord = {
    accountId,
    email: input.email,
    username: input.username,
    passwordHash,
    passwordVersion: 0,
    shippingAddress: input.shippingAddress ?? null,
    billingAddress: input.billingAddress ?? null,
    paymentMethod: input.paymentMethod ?? DEFAULT_PAYMENT_METHOD,
    role,
    createdAt: at,
    updatedAt: at,
  };
  // Checked after the (slow, async) hash, then inserted synchronously: nothing can interleave.
  if (findAccountByEmail(db, record.email)) throw emailTaken(record.email);
  insertAccount(db, record);
  return toAccount(record);
}

export function getAccount(db: Db, caller: Caller, accountId: string): Account {
  return toAccount(visibleAccount(db, caller, accountId));
}

export async function updateAccount(
  db: Db,
  passwords: PasswordHasher,
  caller: Caller,
  accountId: string,
  patch: AccountUpdate,
  now: Date,
): Promise<Account> {
  visibleAccount(db, caller, accountId);
  if (patch.password !== undefined) assertPasswordFits(patch.password);
  const passwordHash =
    patch.password === undefined ? undefined : await passwords.hash(patch.password);
  // Re-read after the await: the row may have changed meanwhile.
  const current = visibleAccount(db, caller, accountId);
  if (patch.email !== undefined && patch.email.toLowerCase() !== current.email.toLowerCase()) {
    if (findAccountByEmail(db, patch.email)) throw emailTaken(patch.email);
  }
  const next: AccountRecord = {
    ...current,
    email: patch.email ?? current.email,
    username: patch.username ?? current.username,
    passwordHash: passwordHash ?? current.passwordHash,
    // A new password ends every token issued before it (even one sent with this request).
    passwordVersion:
      passwordHash === undefined ? current.passwordVersion : current.passwordVersion + 1,
    // `null` clears an address; absent keeps it.
    shippingAddress:
      patch.shippingAddress === undefined ? current.shippingAddress : patch.shippingAddress,
    billingAddress:
      patch.billingAddress === undefined ? current.billingAddress : patch.billingAddress,
    paymentMethod: patch.paymentMethod ?? current.paymentMethod,
    updatedAt: now.toISOString(),
  };
  saveAccount(db, next);
  return toAccount(next);
}

/** Another customer's account answers exactly like a missing one (no existence leak). */
function visibleAccount(db: Db, caller: Caller, accountId: string): AccountRecord {
  const record =
    caller.role === 'admin' || caller.accountId === accountId
      ? findAccountById(db, accountId)
      : undefined;
  if (!record) throw new DomainError('account.not_found', `No account ${accountId}.`);
  return record;
}

const emailTaken = (email: string): DomainError =>
  new DomainError('account.email_taken', `An account with email ${email} already exists.`);
