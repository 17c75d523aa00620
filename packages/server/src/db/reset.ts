import type { Db } from './database.js';
import { forgetSubscribers } from './repositories/webhooks.js';

/** Tables a reset keeps: the migration log and server settings (the JWT secret). */
const KEPT = new Set(['schema_migrations', 'settings']);

/**
 * Deletes every row of every table except KEPT, in one transaction. Foreign keys are switched
 * off meanwhile (SQLite only allows that outside a transaction), so the order does not matter
 * and tables added by later migrations are included without listing them.
 */
export function resetDatabase(db: Db): string[] {
  const tables = db
    .prepare<[], string>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .pluck()
    .all()
    .filter((name) => !KEPT.has(name));
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const table of tables) db.exec(`DELETE FROM "${table.replaceAll('"', '""')}"`);
      // AUTOINCREMENT counters start again too.
      const hasSequence = db
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'")
        .get();
      if (hasSequence) db.exec('DELETE FROM sqlite_sequence');
    })();
  } finally {
    db.pragma('foreign_keys = ON');
  }
  forgetSubscribers(db);
  return tables;
}
