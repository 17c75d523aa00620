import type { Db } from '../../db/database.js';
import { afterCommit } from '../../db/transaction.js';
import { matchesTypes, type Event, type EventQuery, type EventReader } from './log.js';

/** An event sent again by a resend, with the order it belongs to (the streams' `orderId` filter). */
export interface Resent {
  event: Event;
  orderId: string | null;
}

type Listener = (resent: Resent) => void;

// One set per database handle, as for the notifier: a closed test database takes it along.
const listenersOf = new WeakMap<Db, Set<Listener>>();

function listeners(db: Db): Set<Listener> {
  let set = listenersOf.get(db);
  if (!set) {
    set = new Set();
    listenersOf.set(db, set);
  }
  return set;
}

/**
 * Tells the live streams that `resent` was sent again, once the resend's transaction has
 * committed (never if it rolls back: unlike the log's wake-ups, this carries the event itself).
 * The listeners run on a later turn of the event loop, apart from the resend's request.
 */
export function announceResend(db: Db, resent: Resent): void {
  const set = listeners(db);
  afterCommit(db, () =>
    setImmediate(() => {
      for (const listener of [...set]) listener(resent);
    }),
  );
}

/**
 * Calls `listener` with each resent event that `reader` may see and that passes `filters`, as a
 * read of the log would; returns the unsubscribe.
 */
export function onResend(
  db: Db,
  reader: EventReader,
  filters: Pick<EventQuery, 'types' | 'orderId'>,
  listener: (event: Event) => void,
): () => void {
  const filtered: Listener = ({ event, orderId }) => {
    if (reader.role !== 'admin' && event.accountId !== reader.accountId) return;
    if (filters.types && !matchesTypes(filters.types, event.type)) return;
    if (filters.orderId !== undefined && filters.orderId !== orderId) return;
    listener(event);
  };
  const set = listeners(db);
  set.add(filtered);
  return () => set.delete(filtered);
}
