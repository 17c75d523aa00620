import type { Db } from './database.js';
import { preparedPerDb } from './repositories/prepared.js';

/**
 * One transaction function per database, taking the work as its argument. better-sqlite3's
 * `db.transaction(fn)` builds four wrapper functions and defines their properties on every call,
 * which costs more than a BEGIN and COMMIT of an in-memory database (figure in bench/README.md).
 */
const wrappers = preparedPerDb((db) => db.transaction((work: () => unknown) => work()));

// Work waiting for the outermost transaction's COMMIT, per database handle.
const pendingOf = new WeakMap<Db, (() => void)[]>();

function pendingFor(db: Db): (() => void)[] {
  let pending = pendingOf.get(db);
  if (!pending) {
    pending = [];
    pendingOf.set(db, pending);
  }
  return pending;
}

/**
 * Runs `transaction` (which BEGINs and COMMITs, or opens a savepoint), then, if it was the
 * outermost one and committed, what `afterCommit` queued in it. A failure drops what was queued
 * since it started, so a rolled-back savepoint takes its own callbacks along.
 */
function tracked<T>(db: Db, transaction: () => T): T {
  const outermost = !db.inTransaction;
  const pending = pendingFor(db);
  const mark = pending.length;
  let result: T;
  try {
    result = transaction();
  } catch (error) {
    pending.length = mark;
    throw error;
  }
  if (outermost) for (const callback of pending.splice(0)) callback();
  return result;
}

/**
 * Calls `callback` once the transaction now open has committed (at once outside a transaction);
 * never if it rolls back. For telling the world about a change that carries its data (an event
 * resent), which must not be told of a change that did not happen. Works with the transactions
 * of this module; `callback` must not throw (it runs after the COMMIT, in the writer's call).
 */
export function afterCommit(db: Db, callback: () => void): void {
  if (!db.inTransaction) return callback();
  pendingFor(db).push(callback);
}

/**
 * Runs `work` in a transaction: BEGIN … COMMIT, or ROLLBACK when it throws (and the error is
 * rethrown). Inside another transaction it is a savepoint, so a failure undoes only its part:
 * the payment worker runs each message of a pass this way.
 */
export const inTransaction = <T>(db: Db, work: () => T): T =>
  tracked(db, () => wrappers(db)(work) as T);

/**
 * Runs `work` in a BEGIN IMMEDIATE transaction (the write lock is taken up front, so a
 * read-then-write cannot fail halfway with SQLITE_BUSY when another connection writes the file).
 * Inside an open transaction it simply joins it, never a savepoint: a state transition called by
 * a command (the order path) is part of the command's one transaction.
 */
export const inImmediateTransaction = <T>(db: Db, work: () => T): T =>
  db.inTransaction ? work() : tracked(db, () => wrappers(db).immediate(work) as T);
