import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Db = Database.Database;

/** `migrations/` sits beside `src/` and `dist/` in the package. */
const defaultMigrationsDir = (): string =>
  join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

/**
 * Opens (creating if needed) a SQLite database with WAL and foreign keys on, and applies the
 * forward-only plain SQL migrations that have not run yet, each in its own transaction.
 */
export function openDatabase(path: string, migrationsDir = findMigrationsDir()): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Concurrent writers from another process (a second server on the same file) wait, not fail.
  db.pragma('busy_timeout = 5000');
  migrate(db, migrationsDir);
  return db;
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
