import type { Db } from './database.js';
import { preparedPerDb } from './repositories/prepared.js';

/**
 * One transaction function per database, taking the work as its argument. better-sqlite3's
 * `db.transaction(fn)` builds four wrapper functions and defines their properties on every call,
 * which costs more than a BEGIN and COMMIT of an in-memory database (figure in bench/README.md).
 */
const wrappers = preparedPerDb((db) => db.transaction((work: () => unknown) => work()));

/**
 * Runs `work` in a transaction: BEGIN … COMMIT, or ROLLBACK when it throws (and the error is
 * rethrown). Inside another transaction it is a savepoint, so a failure undoes only its part:
 * the payment worker runs each message of a pass this way.
 */
export const inTransaction = <T>(db: Db, work: () => T): T => wrappers(db)(work) as T;

/**
 * Runs `work` in a BEGIN IMMEDIATE transaction (the write lock is taken up front, so a
 * read-then-write cannot fail halfway with SQLITE_BUSY when another connection writes the file).
 * Inside an open transaction it simply joins it, never a savepoint: a state transition called by
 * a command (the order path) is part of the command's one transaction.
 */
export const inImmediateTransaction = <T>(db: Db, work: () => T): T =>
  db.inTransaction ? work() : (wrappers(db).immediate(work) as T);
