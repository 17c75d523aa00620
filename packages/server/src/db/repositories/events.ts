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

/** Bounds and direction of a page of the log: seq strictly between `after` and `before`. */
export interface EventRange {
  after: number;
  before: number;
  order: 'asc' | 'desc';
  limit: number;
}

/**
 * One statement per scope: an optional filter written as (@x IS NULL OR col = @x) can use no
 * index, so a customer's page walked every account's events after the cursor. The
 * (scope, seq) indexes serve either direction.
 */
const pageStatements = (db: Db, direction: 'ASC' | 'DESC') => ({
  all: db.prepare<[Omit<EventRange, 'order'>], EventRecord>(
    `SELECT ${COLUMNS} FROM events WHERE seq > @after AND seq < @before
     ORDER BY seq ${direction} LIMIT @limit`,
  ),
  ofAccount: db.prepare<[Omit<EventRange, 'order'> & { accountId: string }], EventRecord>(
    `SELECT ${COLUMNS} FROM events INDEXED BY events_account_seq
     WHERE account_id = @accountId AND seq > @after AND seq < @before
     ORDER BY seq ${direction} LIMIT @limit`,
  ),
  // An order belongs to one account, so the account check is a filter on its few rows.
  ofOrder: db.prepare<
    [Omit<EventRange, 'order'> & { accountId: string | null; orderId: string }],
    EventRecord
  >(
    `SELECT ${COLUMNS} FROM events INDEXED BY events_order_seq
     WHERE order_id = @orderId AND seq > @after AND seq < @before
       AND (@accountId IS NULL OR account_id = @accountId)
     ORDER BY seq ${direction} LIMIT @limit`,
  ),
});

const stmts = preparedPerDb((db) => ({
  insert: db.prepare<[NewEventRecord]>(
    `INSERT INTO events (event_id, type, account_id, order_id, request_id, created_at, created_ms, data)
     VALUES (@eventId, @type, @accountId, @orderId, @requestId, @createdAt, @createdMs, @data)`,
  ),
  bySeq: db.prepare<[number], EventRecord>(`SELECT ${COLUMNS} FROM events WHERE seq = ?`),
  byId: db.prepare<[string], EventRecord>(`SELECT ${COLUMNS} FROM events WHERE event_id = ?`),
  asc: pageStatements(db, 'ASC'),
  desc: pageStatements(db, 'DESC'),
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

/** Events in `range`, in its order, filtered by scope. */
export const listEvents = (db: Db, scope: EventScope, range: EventRange): EventRecord[] => {
  const { order, ...bounds } = range;
  const s = stmts(db)[order];
  if (scope.orderId !== null)
    return s.ofOrder.all({ ...bounds, accountId: scope.accountId, orderId: scope.orderId });
  if (scope.accountId !== null) return s.ofAccount.all({ ...bounds, accountId: scope.accountId });
  return s.all.all(bounds);
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
