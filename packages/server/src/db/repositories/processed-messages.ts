import type { Db } from '../database.js';
import { preparedPerDb } from './prepared.js';

const stmts = preparedPerDb((db) => ({
  // INSERT OR IGNORE: no change means the message was seen before (the dedupe check and the mark
  // are one statement).
  request: db.prepare<[string, string, string, string]>(
    `INSERT OR IGNORE INTO processed_messages (message_id, order_id, action, processed_at)
     VALUES (?, ?, ?, ?)`,
  ),
  result: db.prepare<[string, string, string, string]>(
    `INSERT OR IGNORE INTO applied_results (message_id, order_id, status, applied_at)
     VALUES (?, ?, ?, ?)`,
  ),
}));

interface Seen {
  messageId: string;
  orderId: string;
  at: string;
}

/** Payments side: true the first time a request message is marked, false for a duplicate. */
export const markRequestProcessed = (db: Db, seen: Seen & { action: string }): boolean =>
  stmts(db).request.run(seen.messageId, seen.orderId, seen.action, seen.at).changes > 0;

/** Orders side: true the first time a result message is marked, false for a duplicate. */
export const markResultApplied = (db: Db, seen: Seen & { status: string }): boolean =>
  stmts(db).result.run(seen.messageId, seen.orderId, seen.status, seen.at).changes > 0;
