import type { Db } from '../database.js';
import { prepare, preparePluck, preparedPerDb } from './prepared.js';

export type Topic = 'payment-request-events' | 'payment-result-events';

export interface OutboxRow {
  seq: number;
  message_id: string;
  topic: Topic;
  order_id: string;
  payload: string;
  /** PARKED: processing and dead-lettering both failed; kept, with its error, for an operator. */
  state: 'PENDING' | 'DONE' | 'DEAD' | 'PARKED';
  attempts: number;
  available_at: number;
  last_error: string | null;
  created_at: string;
}

/** No older PENDING message of the same topic and order (the head of its "partition"). */
const HEAD_OF_PARTITION = `NOT EXISTS (SELECT 1 FROM outbox e
  WHERE e.topic = o.topic AND e.order_id = o.order_id AND e.state = 'PENDING' AND e.seq < o.seq)`;

function build(db: Db) {
  return {
    insert: prepare<
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
      db,
      `INSERT INTO outbox (message_id, topic, order_id, payload, available_at, created_at)
       VALUES (@message_id, @topic, @order_id, @payload, @available_at, @created_at)`,
    ),
    // The oldest due message whose topic+order has no older message still waiting: messages of
    // one order are consumed in order, as in a Kafka partition keyed by orderId, while one
    // order's message in backoff does not hold up the others. Walked in seq order (the planner
    // would otherwise pick outbox_pending and sort every pending message, see migration 0005).
    nextDue: prepare<[number], OutboxRow>(
      db,
      `SELECT * FROM outbox o INDEXED BY outbox_pending_seq
        WHERE o.state = 'PENDING' AND o.available_at <= ? AND ${HEAD_OF_PARTITION}
        ORDER BY o.seq LIMIT 1`,
    ),
    nextAvailableAt: preparePluck<[], number | null>(
      db,
      // Only partition heads: a message queued behind one in backoff is not due before it.
      `SELECT MIN(o.available_at) FROM outbox o WHERE o.state = 'PENDING' AND ${HEAD_OF_PARTITION}`,
    ),
    markDone: prepare<[number]>(db, `UPDATE outbox SET state = 'DONE' WHERE seq = ?`),
    stillPending: preparePluck<[number], number>(
      db,
      `SELECT 1 FROM outbox WHERE seq = ? AND state = 'PENDING'`,
    ),
    markFailed: prepare<
      [
        {
          seq: number;
          state: 'PENDING' | 'DEAD' | 'PARKED';
          available_at: number;
          last_error: string;
        },
      ]
    >(
      db,
      `UPDATE outbox SET state = @state, attempts = attempts + 1, available_at = @available_at,
              last_error = @last_error
        WHERE seq = @seq AND state = 'PENDING'`,
    ),
  };
}

/** Prepared statements of the message table shared by both topics. */
export const outboxRepo = preparedPerDb(build);
