import type { Db } from '../database.js';
import { preparedPerDb } from './prepared.js';

const stmts = preparedPerDb((db) => ({
  // The nth most recent attempt after a time: while it exists the limit n is reached, and the
  // window frees a slot when it leaves.
  nthForPair: db
    .prepare<[string, string, number, number], number>(
      `SELECT attempted_at FROM login_attempts WHERE email = ? AND client = ? AND attempted_at > ?
       ORDER BY attempted_at DESC LIMIT 1 OFFSET ?`,
    )
    .pluck(),
  nthForClient: db
    .prepare<[string, number, number], number>(
      `SELECT attempted_at FROM login_attempts WHERE client = ? AND attempted_at > ?
       ORDER BY attempted_at DESC LIMIT 1 OFFSET ?`,
    )
    .pluck(),
  insert: db.prepare<[string, string, number]>(
    'INSERT INTO login_attempts (email, client, attempted_at) VALUES (?, ?, ?)',
  ),
  prune: db.prepare<[number]>('DELETE FROM login_attempts WHERE attempted_at <= ?'),
  clearPair: db.prepare<[string, string]>(
    'DELETE FROM login_attempts WHERE email = ? AND client = ?',
  ),
}));

export interface LoginAttemptKey {
  /** Lower-cased. */
  email: string;
  /** The client address key. */
  client: string;
}

/**
 * Time (epoch ms) of the `n`th most recent attempt after `sinceMs` for this email and client,
 * or undefined when there are fewer than `n`.
 */
export const nthRecentAttemptForPair = (
  db: Db,
  { email, client }: LoginAttemptKey,
  sinceMs: number,
  n: number,
): number | undefined => stmts(db).nthForPair.get(email, client, sinceMs, n - 1);

/** The same over every email this client tried. */
export const nthRecentAttemptForClient = (
  db: Db,
  client: string,
  sinceMs: number,
  n: number,
): number | undefined => stmts(db).nthForClient.get(client, sinceMs, n - 1);

/** Records an attempt (kept as a failure unless cleared) and drops rows older than the window. */
export function recordLoginAttempt(
  db: Db,
  { email, client }: LoginAttemptKey,
  atMs: number,
  windowStartMs: number,
): void {
  const s = stmts(db);
  s.prune.run(windowStartMs);
  s.insert.run(email, client, atMs);
}

/** After a successful login: this client's failures for this email no longer count. */
export function clearLoginAttempts(db: Db, { email, client }: LoginAttemptKey): void {
  stmts(db).clearPair.run(email, client);
}
