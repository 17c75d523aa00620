import type { Db } from '../database.js';
import { preparedPerDb } from './prepared.js';

/** An events row; `data` is the envelope's `data` as JSON text. */
export interface EventRecord {
  seq: number;
  eventId: string;
  type: string;
  accountId: string;
  orderId: string | null;
  requestId: string | null;
  createdAt: string;
  createdMs: number;
  data: string;
}

export type NewEventRecord = Omit<EventRecord, 'seq'>;

/** Which events a reader may see: one account's, or (null) every account's. */
export interface EventScope {
  accountId: string | null;
  orderId: string | null;
}

const COLUMNS = `seq, event_id AS eventId, type, account_id AS accountId, order_id AS orderId,
  request_id AS requestId, created_at AS createdAt, created_ms AS createdMs, data`;

const stmts = preparedPerDb((db) => ({
  insert: db.prepare<[NewEventRecord]>(
    `INSERT INTO events (event_id, type, account_id, order_id, request_id, created_at, created_ms, data)
     VALUES (@eventId, @type, @accountId, @orderId, @requestId, @createdAt, @createdMs, @data)`,
  ),
  bySeq: db.prepare<[number], EventRecord>(`SELECT ${COLUMNS} FROM events WHERE seq = ?`),
  byId: db.prepare<[string], EventRecord>(`SELECT ${COLUMNS} FROM events WHERE event_id = ?`),
  // One statement per scope: an optional filter written as (@x IS NULL OR col = @x) can use no
  // index, so a customer's page walked every account's events after the cursor.
  afterAll: db.prepare<[{ after: number; limit: number }], EventRecord>(
    `SELECT ${COLUMNS} FROM events WHERE seq > @after ORDER BY seq LIMIT @limit`,
  ),
  afterOfAccount: db.prepare<[{ accountId: string; after: number; limit: number }], EventRecord>(
    `SELECT ${COLUMNS} FROM events INDEXED BY events_account_seq
     WHERE account_id = @accountId AND seq > @after ORDER BY seq LIMIT @limit`,
  ),
  // An order belongs to one account, so the account check is a filter on its few rows.
  afterOfOrder: db.prepare<
    [{ accountId: string | null; orderId: string; after: number; limit: number }],
    EventRecord
  >(
    `SELECT ${COLUMNS} FROM events INDEXED BY events_order_seq
     WHERE order_id = @orderId AND seq > @after AND (@accountId IS NULL OR account_id = @accountId)
     ORDER BY seq LIMIT @limit`,
  ),
  lastSeq: db.prepare<[], number | null>('SELECT max(seq) FROM events').pluck(),
  prunedThrough: db
    .prepare<[], number>('SELECT through_seq FROM events_pruned WHERE id = 1')
    .pluck(),
  // INDEXED BY: on its own SQLite answers this max() by walking seq downwards until a row
  // matches, i.e. through the whole log when nothing has expired. Through the index it reads
  // only the expired rows (none, usually); a missing index is an error, not a silent scan.
  lastExpired: db
    .prepare<[number], number | null>(
      'SELECT max(seq) FROM events INDEXED BY events_created WHERE created_ms < ?',
    )
    .pluck(),
  deleteThrough: db.prepare<[number]>('DELETE FROM events WHERE seq <= ?'),
  markPruned: db.prepare<[number]>(
    `INSERT INTO events_pruned (id, through_seq) VALUES (1, ?)
     ON CONFLICT (id) DO UPDATE SET through_seq = max(through_seq, excluded.through_seq)`,
  ),
}));

/** Appends a row; its seq is the next of the log. */
export function insertEvent(db: Db, event: NewEventRecord): EventRecord {
  const seq = Number(stmts(db).insert.run(event).lastInsertRowid);
  return { ...event, seq };
}

export const findEventById = (db: Db, eventId: string): EventRecord | undefined =>
  stmts(db).byId.get(eventId);

export const findEventBySeq = (db: Db, seq: number): EventRecord | undefined =>
  stmts(db).bySeq.get(seq);

/** Events after `after` in seq order, at most `limit`, filtered by scope. */
export const listEventsAfter = (
  db: Db,
  scope: EventScope,
  after: number,
  limit: number,
): EventRecord[] => {
  const s = stmts(db);
  if (scope.orderId !== null)
    return s.afterOfOrder.all({ ...scope, orderId: scope.orderId, after, limit });
  if (scope.accountId !== null)
    return s.afterOfAccount.all({ accountId: scope.accountId, after, limit });
  return s.afterAll.all({ after, limit });
};

/** The highest seq retention removed (0 when none was). */
export const eventsPrunedThrough = (db: Db): number => stmts(db).prunedThrough.get() ?? 0;

/**
 * Removes events created before `beforeMs` (their deliveries go with them) and remembers the
 * highest removed seq. Returns how many were removed.
 */
export function pruneEventsBefore(db: Db, beforeMs: number): number {
  const s = stmts(db);
  const through = s.lastExpired.get(beforeMs);
  if (through === null || through === undefined) return 0;
  const removed = s.deleteThrough.run(through).changes;
  s.markPruned.run(through);
  return removed;
}

/** The newest seq, or the highest ever pruned when the log is empty. */
export const lastEventSeq = (db: Db): number => stmts(db).lastSeq.get() ?? eventsPrunedThrough(db);
