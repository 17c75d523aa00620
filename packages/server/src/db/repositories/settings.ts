import type { Db } from '../database.js';
import { preparedPerDb } from './prepared.js';

const stmts = preparedPerDb((db) => ({
  get: db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck(),
  // First writer wins, so two servers racing on one file keep the same value.
  insertIfAbsent: db.prepare<[string, string]>(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
  ),
}));

const getSetting = (db: Db, key: string): string | undefined => stmts(db).get.get(key);

/** Returns the stored value of `key`, storing `create()` first if there is none. */
export function getOrCreateSetting(db: Db, key: string, create: () => string): string {
  const existing = getSetting(db, key);
  if (existing !== undefined) return existing;
  stmts(db).insertIfAbsent.run(key, create());
  const stored = getSetting(db, key);
  if (stored === undefined) throw new Error(`setting ${key} could not be stored`);
  return stored;
}
