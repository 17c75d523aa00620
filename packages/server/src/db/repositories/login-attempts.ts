import type { Db } from '../database.js';
import { preparedPerDb } from './prepared.js';

const stmts = preparedPerDb((db) => ({
  since: db
    .prepare<[string, number], number>(
      'SELECT attempted_at FROM login_attempts WHERE email = ? AND attempted_at > ? ORDER BY attempted_at',
    )
    .pluck(),
  insert: db.prepare<[string, number]>(
    'INSERT INTO login_attempts (email, attempted_at) VALUES (?, ?)',
  ),
  prune: db.prepare<[string, number]>(
    'DELETE FROM login_attempts WHERE email = ? AND attempted_at <= ?',
  ),
  clear: db.prepare<[string]>('DELETE FROM login_attempts WHERE email = ?'),
}));

/** Failure times (epoch ms, oldest first) for `email` after `sinceMs`. */
export const failedLoginsSince = (db: Db, email: string, sinceMs: number): number[] =>
  stmts(db).since.all(email, sinceMs);

/** Records a failure and drops this email's rows that fell out of the window. */
export function recordFailedLogin(
  db: Db,
  email: string,
  atMs: number,
  windowStartMs: number,
): void {
  const s = stmts(db);
  s.prune.run(email, windowStartMs);
  s.insert.run(email, atMs);
}

export function clearFailedLogins(db: Db, email: string): void {
  stmts(db).clear.run(email);
}
