import type { Db } from '../database.js';
import { preparedPerDb } from './prepared.js';

export type Topic = 'payment-request-events' | 'payment-result-events';

/** PARKED: processing and dead-lettering both failed; kept, with its error, for an operator. */
type OutboxState = 'PENDING' | 'DONE' | 'DEAD' | 'PARKED';

export interface OutboxMessage {
  seq: number;
  messageId: string;
  topic: Topic;
  orderId: string;
  /** The JSON message (PaymentRequestEvent / PaymentResultEvent). */
  payload: string;
  state: OutboxState;
  attempts: number;
  /** Epoch ms; pushed back after a failed attempt. */
  availableAt: number;
  lastError: string | null;
  createdAt: string;
}

interface OutboxRow {
  seq: number;
  message_id: string;
  topic: Topic;
  order_id: string;
  payload: string;
  state: OutboxState;
  attempts: number;
  available_at: number;
  last_error: string | null;
  created_at: string;
}

/** No older PENDING message of the same topic and order (the head of its "partition"). */
const HEAD_OF_PARTITION = `NOT EXISTS (SELECT 1 FROM outbox e
  WHERE e.topic = o.topic AND e.order_id = o.order_id AND e.state = 'PENDING' AND e.seq < o.seq)`;

/**
 * The oldest due messages whose topic+order has no older message still waiting: messages of one
 * order are consumed in order, as in a Kafka partition keyed by orderId, while one order's
 * message in backoff does not hold up the others. Walked in seq order (the planner would
 * otherwise sort every pending message, see migration 0005). Exported
 * for the test that checks its plan.
 */
export const DUE_MESSAGES_SQL = `SELECT * FROM outbox o INDEXED BY outbox_pending_seq
  WHERE o.state = 'PENDING' AND o.available_at <= ? AND ${HEAD_OF_PARTITION}
  ORDER BY o.seq LIMIT ?`;

const stmts = preparedPerDb((db) => ({
  insert: db.prepare<
    [
      {
        message_id: string;
        topic: Topic;
        order_id: string;
        payload: string;
        available_at: number;
        created_at: string;
      },
    ]
  >(
    `INSERT INTO outbox (message_id, topic, order_id, payload, available_at, created_at)
     VALUES (@message_id, @topic, @order_id, @payload, @available_at, @created_at)`,
  ),
  due: db.prepare<[number, number], OutboxRow>(DUE_MESSAGES_SQL),
  nextAvailableAt: db
    .prepare<[], number | null>(
      // Only partition heads: a message queued behind one in backoff is not due before it.
      `SELECT MIN(o.available_at) FROM outbox o WHERE o.state = 'PENDING' AND ${HEAD_OF_PARTITION}`,
    )
    .pluck(),
  markDone: db.prepare<[number]>(
    `UPDATE outbox SET state = 'DONE' WHERE seq = ? AND state = 'PENDING'`,
  ),
  markFailed: db.prepare<[string, number, string, number]>(
    `UPDATE outbox SET state = ?, attempts = attempts + 1, available_at = ?, last_error = ?
      WHERE seq = ? AND state = 'PENDING'`,
  ),
}));

const fromRow = (row: OutboxRow): OutboxMessage => ({
  seq: row.seq,
  messageId: row.message_id,
  topic: row.topic,
  orderId: row.order_id,
  payload: row.payload,
  state: row.state,
  attempts: row.attempts,
  availableAt: row.available_at,
  lastError: row.last_error,
  createdAt: row.created_at,
});

export function insertOutboxMessage(
  db: Db,
  message: Pick<OutboxMessage, 'messageId' | 'topic' | 'orderId' | 'payload' | 'availableAt'> & {
    createdAt: string;
  },
): void {
  stmts(db).insert.run({
    message_id: message.messageId,
    topic: message.topic,
    order_id: message.orderId,
    payload: message.payload,
    available_at: message.availableAt,
    created_at: message.createdAt,
  });
}

/** Up to `limit` due partition heads, oldest first (see DUE_MESSAGES_SQL). */
export const dueOutboxMessages = (db: Db, atMs: number, limit: number): OutboxMessage[] =>
  stmts(db).due.all(atMs, limit).map(fromRow);

/** When the next partition head becomes due (epoch ms), or null when none is pending. */
export const nextOutboxAvailableAt = (db: Db): number | null =>
  stmts(db).nextAvailableAt.get() ?? null;

/** PENDING → DONE; false when it was not pending any more. */
export const markOutboxDone = (db: Db, seq: number): boolean =>
  stmts(db).markDone.run(seq).changes > 0;

/** Counts a failed attempt: back to PENDING (due at `availableAt`), DEAD or PARKED. */
export const markOutboxFailed = (
  db: Db,
  seq: number,
  failure: { state: 'PENDING' | 'DEAD' | 'PARKED'; availableAt: number; lastError: string },
): boolean =>
  stmts(db).markFailed.run(failure.state, failure.availableAt, failure.lastError, seq).changes > 0;
