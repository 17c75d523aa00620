/** A database handle that prepares statements (better-sqlite3's, without depending on it here). */
interface Preparing {
  prepare(sql: string): object;
}

export interface StatementWatch {
  /** SQL of every statement prepared since the watch began. */
  prepared: string[];
  /** SQL of every statement run (get, all, run, iterate), once per run, in order. */
  ran: string[];
  /** Stops seeing new statements (those already prepared keep reporting runs). */
  stop(): void;
}

const RUNS = new Set<PropertyKey>(['get', 'all', 'run', 'iterate']);

/**
 * Watches the statements `db` prepares from now on and records each run. Repositories prepare
 * once per database handle, so start the watch on a fresh database before first use.
 */
export function watchStatements(db: Preparing): StatementWatch {
  const watch: StatementWatch = { prepared: [], ran: [], stop: () => undefined };
  const prepare = db.prepare;
  db.prepare = (sql: string) => {
    watch.prepared.push(sql);
    const statement = prepare.call(db, sql);
    return new Proxy(statement, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (RUNS.has(key)) watch.ran.push(sql);
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          // pluck(), raw() and friends return the statement itself: keep watching it.
          return result === target ? receiver : result;
        };
      },
    });
  };
  watch.stop = () => {
    db.prepare = prepare;
  };
  return watch;
}
