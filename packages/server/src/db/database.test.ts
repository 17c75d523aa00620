import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseInUseError, openDatabase, type Db } from './database.js';

let dir: string;
const opened: Db[] = [];
const open = (path: string): Db => {
  const db = openDatabase(path);
  opened.push(db);
  return db;
};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shop-db-'));
});
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('one server per database file', () => {
  it('refuses a second open of the same file with an error naming it', () => {
    const file = join(dir, 'shop.db');
    open(file);
    let refused: unknown;
    try {
      open(file);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DatabaseInUseError);
    expect((refused as Error).message).toContain(file);
    expect((refused as Error).message).not.toContain('\n');
  });

  it('frees the file when the first connection closes', () => {
    const file = join(dir, 'shop.db');
    const first = open(file);
    first.prepare('CREATE TABLE kept (n INTEGER)').run();
    first.close();
    const second = open(file);
    expect(second.prepare("SELECT name FROM sqlite_master WHERE name = 'kept'").pluck().get()).toBe(
      'kept',
    );
  });

  it('leaves the data file readable by other connections while it is held', () => {
    const file = join(dir, 'shop.db');
    const db = open(file);
    db.prepare('CREATE TABLE t (n INTEGER)').run();
    db.prepare('INSERT INTO t VALUES (1)').run();
    const reader = new Database(file, { readonly: true });
    try {
      expect(reader.prepare('SELECT n FROM t').pluck().get()).toBe(1);
    } finally {
      reader.close();
    }
  });

  it('does not lock in-memory databases', () => {
    open(':memory:');
    expect(() => open(':memory:')).not.toThrow();
  });
});
