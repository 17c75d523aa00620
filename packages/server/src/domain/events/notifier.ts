import type { Db } from '../../db/database.js';

type Listener = () => void;

interface Notifier {
  listeners: Set<Listener>;
  scheduled: boolean;
}

// One per database handle, like the prepared statements: a closed test database takes its
// listeners with it.
const notifiers = new WeakMap<Db, Notifier>();

function notifierOf(db: Db): Notifier {
  let notifier = notifiers.get(db);
  if (!notifier) {
    notifier = { listeners: new Set(), scheduled: false };
    notifiers.set(db, notifier);
  }
  return notifier;
}

/**
 * Tells every listener that the log may have grown. Called inside the writing transaction; the
 * listeners run on a later turn of the event loop, after better-sqlite3's synchronous COMMIT.
 */
export function notifyEvents(db: Db): void {
  const notifier = notifierOf(db);
  if (notifier.scheduled) return;
  notifier.scheduled = true;
  setImmediate(() => {
    notifier.scheduled = false;
    for (const listener of [...notifier.listeners]) listener();
  });
}

/** Calls `listener` after each transaction that appended events; returns the unsubscribe. */
export function onEvents(db: Db, listener: Listener): () => void {
  const { listeners } = notifierOf(db);
  listeners.add(listener);
  return () => listeners.delete(listener);
}
