import type { Db } from '../database.js';

/**
 * Builds a repository's prepared statements once per database handle (preparing compiles SQL;
 * a WeakMap lets a closed test database and its statements be collected together).
 */
export function preparedPerDb<T>(build: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let statements = cache.get(db);
    if (statements === undefined) {
      statements = build(db);
      cache.set(db, statements);
    }
    return statements;
  };
}

/**
 * The part of a better-sqlite3 statement repositories use, under a name declaration files can
 * refer to (better-sqlite3's own Statement type lives in a namespace its typings do not export).
 */
export interface Statement<Params extends unknown[], Row = unknown> {
  run(...params: Params): { changes: number; lastInsertRowid: number | bigint };
  get(...params: Params): Row | undefined;
  all(...params: Params): Row[];
}

export const prepare = <Params extends unknown[], Row = unknown>(
  db: Db,
  sql: string,
): Statement<Params, Row> => db.prepare<Params, Row>(sql);

/** A statement returning the first column's value instead of row objects. */
export const preparePluck = <Params extends unknown[], Value>(
  db: Db,
  sql: string,
): Statement<Params, Value> => db.prepare<Params, Value>(sql).pluck() as Statement<Params, Value>;
