import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@shop/server';
import { startInProcess } from '@shop/test-kit';
import { BOOKKEEPING_TABLES, changedTables, tableDigests } from './db-digest.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startInProcess();
});
afterAll(() => server?.close());

describe('tableDigests', () => {
  it('sees a one-column change in a compared table and ignores bookkeeping tables', () => {
    const before = tableDigests(server.db);
    expect(before.has('items')).toBe(true);
    for (const table of BOOKKEEPING_TABLES) expect(before.has(table)).toBe(false);
    expect(changedTables(before, tableDigests(server.db))).toEqual([]);

    server.db.prepare("INSERT INTO login_attempts (email, attempted_at) VALUES ('x@y.z', 1)").run();
    expect(changedTables(before, tableDigests(server.db))).toEqual([]);

    server.db
      .prepare(
        'UPDATE items SET item_name = item_name || ? WHERE rowid = (SELECT MIN(rowid) FROM items)',
      )
      .run('!');
    expect(changedTables(before, tableDigests(server.db))).toEqual(['items']);
  });
});
