import type { Db } from '../../db/database.js';

type Listener = () => void;

/**
 * `events`: the log grew (stream and long-poll readers). `deliveries`: a delivery was queued or
 * requeued, or an endpoint came back (the webhook deliverer). Apart, so an order without
 * subscribed endpoints never wakes the deliverer.
 */
type Topic = 'events' | 'deliveries';

interface Notifier {
  listeners: Set<Listener>;
  scheduled: boolean;
}

// One per database handle and topic, like the prepared statements: a closed test database
// takes its listeners with it.
const notifiers = new WeakMap<Db, Record<Topic, Notifier>>();

function notifierOf(db: Db, topic: Topic): Notifier {
  let perTopic = notifiers.get(db);
  if (!perTopic) {
    perTopic = {
      events: { listeners: new Set(), scheduled: false },
      deliveries: { listeners: new Set(), scheduled: false },
    };
    notifiers.set(db, perTopic);
  }
  return perTopic[topic];
}

/**
 * Tells every listener of `topic` that there may be something new. Called inside the writing
 * transaction; the listeners run on a later turn of the event loop, after better-sqlite3's
 * synchronous COMMIT.
 */
function notify(db: Db, topic: Topic): void {
  const notifier = notifierOf(db, topic);
  if (notifier.scheduled) return;
  notifier.scheduled = true;
  setImmediate(() => {
    notifier.scheduled = false;
    for (const listener of [...notifier.listeners]) listener();
  });
}

/** Calls `listener` after each transaction that notified `topic`; returns the unsubscribe. */
function listen(db: Db, topic: Topic, listener: Listener): () => void {
  const { listeners } = notifierOf(db, topic);
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The log may have grown. */
export const notifyEvents = (db: Db): void => notify(db, 'events');

/** Calls `listener` after each transaction that appended events; returns the unsubscribe. */
export const onEvents = (db: Db, listener: Listener): (() => void) =>
  listen(db, 'events', listener);

/** A delivery was queued or requeued, or an endpoint was enabled again. */
export const notifyDeliveries = (db: Db): void => notify(db, 'deliveries');

/** Calls `listener` after each transaction that queued deliveries; returns the unsubscribe. */
export const onDeliveries = (db: Db, listener: Listener): (() => void) =>
  listen(db, 'deliveries', listener);
