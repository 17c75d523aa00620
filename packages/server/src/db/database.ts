import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StartupError } from '../startup-error.js';

export type Db = Database.Database;

/**
 * Another process already serves this database file. Its message is one line meant for the
 * person starting the server; there is nothing more in a stack trace.
 */
export class DatabaseInUseError extends StartupError {
  override name = 'DatabaseInUseError';

  constructor(
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(`the database file ${path} is in use by another shop-server process`, {
      ...options,
      hint: 'stop that one first, or pass another --db',
    });
  }
}

/**
 * One server per database file: start-up releases every in-flight idempotency claim and the
 * payment worker assumes it is alone, so a second server would break the first one's requests.
 * The lock is SQLite's own exclusive file lock on a small `<file>.lock` database, held by a
 * connection open for the process lifetime: the OS drops it when the process dies (a SIGKILL
 * leaves nothing stale), and the data file stays readable by other tools. See ADR 0010.
 */
function lockDatabaseFile(path: string): Db {
  const lock = new Database(`${path}.lock`, { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL)');
    lock.transaction(() => {
      lock.exec('DELETE FROM holder');
      lock.prepare('INSERT INTO holder (pid) VALUES (?)').run(process.pid);
    })();
    return lock;
  } catch (error) {
    lock.close();
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') {
      throw new DatabaseInUseError(path, { cause: error });
    }
    throw error;
  }
}

/** `migrations/` sits beside `src/` and `dist/` in the package. */
const defaultMigrationsDir = (): string =>
  join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

/**
 * Opens (creating if needed) a SQLite database with WAL and foreign keys on, and applies the
 * forward-only plain SQL migrations that have not run yet, each in its own transaction.
 */
export function openDatabase(path: string, migrationsDir = findMigrationsDir()): Db {
  if (path === ':memory:') return prepare(new Database(path), migrationsDir);
  mkdirSync(dirname(path), { recursive: true });
  const lock = lockDatabaseFile(path);
  let db: Db;
  try {
    db = prepare(new Database(path), migrationsDir);
  } catch (error) {
    lock.close();
    throw error;
  }
  // The lock lives exactly as long as the database connection.
  const close = db.close.bind(db);
  db.close = () => {
    close();
    if (lock.open) lock.close();
    return db;
  };
  return db;
}

function prepare(db: Db, migrationsDir: string): Db {
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Other processes reading the file (tools, tests) hold locks briefly: wait, not fail.
    db.pragma('busy_timeout = 5000');
    migrate(db, migrationsDir);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function migrate(db: Db, migrationsDir: string): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const applied = new Set(
    db.prepare('SELECT name FROM schema_migrations').pluck().all() as string[],
  );
  const files = readdirSync(migrationsDir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort();
  const ran: string[] = [];
  for (const file of files) {
    if (applied.has(file)) continue;
    const sql = readFileSync(join(migrationsDir, file), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(
        file,
        new Date().toISOString(),
      );
    })();
    ran.push(file);
  }
  return ran;
}

/** Works from `src/db/` (tests, tsx) and from the bundled `dist/` alike. */
function findMigrationsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, '..', '..', 'migrations'), join(here, '..', 'migrations')]) {
    try {
      readdirSync(candidate);
      return candidate;
    } catch {
      // not this layout; try the next
    }
  }
  return defaultMigrationsDir();
}
