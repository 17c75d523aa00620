import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../database.js';
import { pruneEventsBefore } from './events.js';

/** Every SQL text `work` prepares on `db`, in order. */
function preparedBy(db: Db, work: () => void): string[] {
  const seen: string[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    seen.push(sql);
    return prepare(sql);
  }) as Db['prepare'];
  try {
    work();
  } finally {
    db.prepare = prepare;
  }
  return seen;
}

const planOf = (db: Db, sql: string): string =>
  db
    .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
    .all(...Array.from(sql.matchAll(/\?/g), () => 0))
    .map((row) => row.detail)
    .join('; ');

describe('the events repository', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
  });
  afterEach(() => db.close());

  // The retention check runs whenever the deliverer wakes. Left to itself, SQLite answers
  // max(seq) … WHERE created_ms < ? by walking the table backwards from the highest seq, which
  // reads every event when none has expired: the cost of an order then grew with the log.
  it('finds expired events through the created_ms index, not by walking the log', () => {
    const statements = preparedBy(db, () => pruneEventsBefore(db, 0));
    const lookup = statements.find((sql) => sql.includes('created_ms <'));
    expect(lookup).toBeDefined();
    expect(planOf(db, lookup as string)).toMatch(/USING (COVERING )?INDEX events_created/);
  });
});
