import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { watchStatements } from '@shop/test-kit';
import { openDatabase, type Db } from '../database.js';
import { listEvents, pruneEventsBefore } from './events.js';

// Tables whose row count grows with traffic: a full scan of one makes a statement's cost grow
// with the data, which no benchmark at a small size shows.
const GROWING = [
  'events',
  'orders',
  'order_lines',
  'payments',
  'outbox',
  'idempotency_keys',
  'inventory_operations',
  'processed_messages',
  'applied_results',
  'webhook_deliveries',
  'webhook_attempts',
  'login_attempts',
];

// Statements allowed to scan, each with the reason. Key: a fragment of the SQL text.
const ALLOWED: Record<string, string> = {
  // max() over the rowid with no filter: SQLite seeks to the last row (the trap is a filter).
  'SELECT max(seq) FROM events': 'reads one row',
  // Start-up only (releases claims a killed process left); an index would cost every order.
  "DELETE FROM idempotency_keys WHERE state = 'IN_FLIGHT'": 'runs once per start',
};

/** Every SQL text the repositories prepare: each repository builds all its statements on first use. */
async function repositoryStatements(db: Db): Promise<string[]> {
  const watch = watchStatements(db);
  try {
    const dir = dirname(fileURLToPath(import.meta.url));
    for (const file of readdirSync(dir)) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
      const module = (await import(/* @vite-ignore */ `./${file}`)) as Record<string, unknown>;
      for (const fn of Object.values(module)) {
        if (typeof fn !== 'function') continue;
        // Arguments other than the database are missing, so most calls throw; the statements
        // were prepared by then, which is all this wants.
        try {
          (fn as (db: Db) => unknown)(db);
        } catch {
          // expected
        }
      }
    }
  } finally {
    watch.stop();
  }
  return [...new Set(watch.prepared)];
}

/** The SQL of every statement `work` runs on a fresh `db`. */
function statementsRunBy(db: Db, work: () => void): string[] {
  const watch = watchStatements(db);
  try {
    work();
  } finally {
    watch.stop();
  }
  return watch.ran;
}

/** Bindings that satisfy the statement's parameters: the plan does not depend on the values. */
function bindingsFor(sql: string): unknown[] {
  const named = new Set(Array.from(sql.matchAll(/[@:$]([A-Za-z_]\w*)/g), (m) => m[1] as string));
  if (named.size > 0) return [Object.fromEntries([...named].map((name) => [name, 0]))];
  return Array.from(sql.matchAll(/\?/g), () => 0);
}

const planOf = (db: Db, sql: string): string[] =>
  db
    .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
    .all(...bindingsFor(sql))
    .map((row) => row.detail);

/**
 * Plan lines that read a growing table whole: `SCAN t` (unless through a partial index, which
 * holds only the rows its WHERE selects), or `SEARCH t` with no index (min/max over the rowid
 * with a filter on another column walks the table until a row matches).
 */
function unboundedReads(sql: string, plan: string[], partialIndexes: Set<string>): string[] {
  const aliases = new Map<string, string>();
  for (const m of sql.matchAll(/\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?/gi)) {
    const table = m[1] as string;
    aliases.set(table, table);
    const alias = m[2];
    if (alias && !/^(WHERE|ON|JOIN|LEFT|INNER|ORDER|GROUP|LIMIT|INDEXED|SET|VALUES)$/i.test(alias))
      aliases.set(alias, table);
  }
  return plan.filter((line) => {
    const m = /^(SCAN|SEARCH) (\w+)(?: AS (\w+))?(.*)$/.exec(line);
    if (!m) return false;
    const table = aliases.get(m[2] as string) ?? (m[2] as string);
    if (!GROWING.includes(table)) return false;
    const rest = m[4] ?? '';
    if (m[1] === 'SEARCH') return !rest.includes('USING');
    const index = /USING (?:COVERING )?INDEX (\w+)/.exec(rest)?.[1];
    return index === undefined || !partialIndexes.has(index);
  });
}

describe('the repositories’ statement plans', () => {
  let db: Db;
  let statements: string[];
  let partialIndexes: Set<string>;
  beforeAll(async () => {
    db = openDatabase(':memory:');
    statements = await repositoryStatements(db);
    partialIndexes = new Set(
      db
        .prepare<[], string>(
          "SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '% WHERE %'",
        )
        .pluck()
        .all(),
    );
  });
  afterAll(() => db.close());

  it('collects the statements of every repository', () => {
    // A collector that silently found nothing would pass every plan below.
    for (const table of GROWING.filter((t) => t !== 'applied_results'))
      expect(
        statements.some((sql) => new RegExp(`\\b${table}\\b`).test(sql)),
        table,
      ).toBe(true);
  });

  it('never read a growing table whole, unless allowed with a reason', () => {
    const offenders = statements
      .filter((sql) => !Object.keys(ALLOWED).some((fragment) => sql.includes(fragment)))
      .map((sql) => ({
        sql: sql.replace(/\s+/g, ' '),
        reads: unboundedReads(sql, planOf(db, sql), partialIndexes),
      }))
      .filter((s) => s.reads.length > 0);
    expect(offenders).toEqual([]);
  });
});

describe('the event log’s reads', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
  });
  afterEach(() => db.close());

  // The retention check: left to itself SQLite answers max(seq) … WHERE created_ms < ? by
  // walking the log backwards from the newest row, i.e. through every event when none expired.
  it('finds expired events through the created_ms index, not by walking the log', () => {
    const ran = statementsRunBy(db, () => pruneEventsBefore(db, 0));
    const lookup = ran.find((sql) => sql.includes('created_ms <'));
    expect(lookup).toBeDefined();
    expect(planOf(db, lookup as string).join('; ')).toMatch(
      /USING (COVERING )?INDEX events_created/,
    );
  });

  // A customer's page must not walk every other account's events after the cursor; a
  // newest-first page (the newest event a login sees) reads the same indexes backwards.
  it.each(
    (['asc', 'desc'] as const).flatMap((order) => [
      ['a customer’s events', order, 'events_account_seq', { accountId: 'acc', orderId: null }],
      ['a customer’s order', order, 'events_order_seq', { accountId: 'acc', orderId: 'ord' }],
      ['an admin’s order', order, 'events_order_seq', { accountId: null, orderId: 'ord' }],
    ]),
  )('reads %s (%s) through %s', (_what, order, index, scope) => {
    const range = { after: 0, before: Number.MAX_SAFE_INTEGER, order, limit: 10 };
    const ran = statementsRunBy(db, () => listEvents(db, scope, range));
    expect(ran).toHaveLength(1);
    const plan = planOf(db, ran[0] as string).join('; ');
    expect(plan).toMatch(new RegExp(`USING (COVERING )?INDEX ${index}`));
    // The index gives the order: no sort of the matching rows.
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });

  it('reads an admin’s newest events down the seq primary key, sorting nothing', () => {
    const range = { after: 0, before: Number.MAX_SAFE_INTEGER, order: 'desc' as const, limit: 1 };
    const ran = statementsRunBy(db, () =>
      listEvents(db, { accountId: null, orderId: null }, range),
    );
    expect(ran).toHaveLength(1);
    const plan = planOf(db, ran[0] as string).join('; ');
    expect(plan).toMatch(/SEARCH events USING INTEGER PRIMARY KEY/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });
});
