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
