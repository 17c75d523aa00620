import type { Db } from '../database.js';
import { prepare, preparedPerDb } from './prepared.js';

function build(db: Db) {
  return {
    // INSERT OR IGNORE: `changes === 0` means the message was seen before (the dedupe check and
    // the mark are one statement).
    markRequestProcessed: prepare<
      [{ message_id: string; order_id: string; action: string; now: string }]
    >(
      db,
      `INSERT OR IGNORE INTO processed_messages (message_id, order_id, action, processed_at)
       VALUES (@message_id, @order_id, @action, @now)`,
    ),
    markResultApplied: prepare<
      [{ message_id: string; order_id: string; status: string; now: string }]
    >(
      db,
      `INSERT OR IGNORE INTO applied_results (message_id, order_id, status, applied_at)
       VALUES (@message_id, @order_id, @status, @now)`,
    ),
  };
}

/** Consumer-side dedupe: processed_messages (payments side) and applied_results (orders side). */
export const processedMessagesRepo = preparedPerDb(build);
