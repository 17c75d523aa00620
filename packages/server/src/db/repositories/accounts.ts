import type { Db } from '../database.js';
import { preparedPerDb } from './prepared.js';

export type Role = 'customer' | 'admin';

/** An accounts row as the domain sees it (the hash never leaves the domain). */
export interface AccountRecord {
  accountId: string;
  email: string;
  username: string;
  passwordHash: string;
  /** Bumped by every password change; tokens issued under an older one are refused. */
  passwordVersion: number;
  shippingAddress: string | null;
  billingAddress: string | null;
  paymentMethod: string;
  role: Role;
  createdAt: string;
  updatedAt: string;
}

interface AccountRow {
  account_id: string;
  email: string;
  username: string;
  password_hash: string;
  password_version: number;
  shipping_address: string | null;
  billing_address: string | null;
  payment_method: string;
  role: Role;
  created_at: string;
  updated_at: string;
}

const fromRow = (row: AccountRow): AccountRecord => ({
  accountId: row.account_id,
  email: row.email,
  username: row.username,
  passwordHash: row.password_hash,
  passwordVersion: row.password_version,
  shippingAddress: row.shipping_address,
  billingAddress: row.billing_address,
  paymentMethod: row.payment_method,
  role: row.role,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const stmts = preparedPerDb((db) => ({
  byId: db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE account_id = ?'),
  // email has COLLATE NOCASE, so this lookup is case-insensitive and uses the unique index.
  byEmail: db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE email = ?'),
  authById: db.prepare<[string], { role: Role; passwordVersion: number }>(
    'SELECT role, password_version AS passwordVersion FROM accounts WHERE account_id = ?',
  ),
  count: db.prepare<[], number>('SELECT count(*) FROM accounts').pluck(),
  insert: db.prepare<[AccountRow]>(
    `INSERT INTO accounts (account_id, email, username, password_hash, password_version,
       shipping_address, billing_address, payment_method, role, created_at, updated_at)
     VALUES (@account_id, @email, @username, @password_hash, @password_version,
       @shipping_address, @billing_address, @payment_method, @role, @created_at, @updated_at)`,
  ),
  update: db.prepare<[AccountRow]>(
    `UPDATE accounts SET email = @email, username = @username, password_hash = @password_hash,
       password_version = @password_version, shipping_address = @shipping_address, billing_address = @billing_address,
       payment_method = @payment_method, role = @role, updated_at = @updated_at
     WHERE account_id = @account_id`,
  ),
}));

const toRow = (a: AccountRecord): AccountRow => ({
  account_id: a.accountId,
  email: a.email,
  username: a.username,
  password_hash: a.passwordHash,
  password_version: a.passwordVersion,
  shipping_address: a.shippingAddress,
  billing_address: a.billingAddress,
  payment_method: a.paymentMethod,
  role: a.role,
  created_at: a.createdAt,
  updated_at: a.updatedAt,
});

export function findAccountById(db: Db, accountId: string): AccountRecord | undefined {
  const row = stmts(db).byId.get(accountId);
  return row && fromRow(row);
}

export function findAccountByEmail(db: Db, email: string): AccountRecord | undefined {
  const row = stmts(db).byEmail.get(email);
  return row && fromRow(row);
}

/** Just what the per-request auth check needs: the role and the password version. */
export const findAccountAuth = (
  db: Db,
  accountId: string,
): { role: Role; passwordVersion: number } | undefined => stmts(db).authById.get(accountId);

export const countAccounts = (db: Db): number => stmts(db).count.get() ?? 0;

export function insertAccount(db: Db, account: AccountRecord): void {
  stmts(db).insert.run(toRow(account));
}

export function saveAccount(db: Db, account: AccountRecord): void {
  stmts(db).update.run(toRow(account));
}
