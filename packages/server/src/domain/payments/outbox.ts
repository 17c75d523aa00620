import type { Db } from '../../db/database.js';
import {
  dueOutboxMessages,
  markOutboxDone,
  markOutboxFailed,
  nextOutboxAvailableAt,
  type OutboxMessage,
} from '../../db/repositories/outbox.js';

export type { OutboxMessage };

/**
 * The consumer's view of the outbox: the worker takes due messages, and marks each consumed or
 * failed, through these (the messages themselves are written by `messages.ts`).
 */
export const dueMessages = (db: Db, now: Date, limit: number): OutboxMessage[] =>
  dueOutboxMessages(db, now.getTime(), limit);

/** When the next message becomes due (epoch ms), or null. */
export const nextMessageDueAt = (db: Db): number | null => nextOutboxAvailableAt(db);

/** The message was consumed (PENDING → DONE). */
export const markConsumed = (db: Db, seq: number): boolean => markOutboxDone(db, seq);

/** Counts a failed attempt: PENDING again at `availableAt`, DEAD, or PARKED for an operator. */
export const markAttemptFailed = (
  db: Db,
  seq: number,
  failure: { state: 'PENDING' | 'DEAD' | 'PARKED'; availableAt: number; lastError: string },
): boolean => markOutboxFailed(db, seq, failure);
