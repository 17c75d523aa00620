-- A PARKED state for an outbox message whose processing and dead-lettering both failed: it
-- stops being due (left due, it wedged the worker) and keeps its error for an operator. Rebuilt:
-- SQLite cannot change a CHECK constraint.

CREATE TABLE outbox_parkable (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id   TEXT NOT NULL UNIQUE,
  topic        TEXT NOT NULL CHECK (topic IN ('payment-request-events', 'payment-result-events')),
  order_id     TEXT NOT NULL,
  payload      TEXT NOT NULL,
  state        TEXT NOT NULL DEFAULT 'PENDING'
                 CHECK (state IN ('PENDING', 'DONE', 'DEAD', 'PARKED')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  available_at INTEGER NOT NULL, -- epoch ms; pushed back after a failed attempt
  last_error   TEXT,
  created_at   TEXT NOT NULL
) STRICT;

INSERT INTO outbox_parkable
  (seq, message_id, topic, order_id, payload, state, attempts, available_at, last_error, created_at)
SELECT seq, message_id, topic, order_id, payload, state, attempts, available_at, last_error, created_at
  FROM outbox ORDER BY seq;

DROP TABLE outbox;
ALTER TABLE outbox_parkable RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox (state, available_at, seq);
CREATE INDEX outbox_topic_order ON outbox (topic, order_id, state, seq);
CREATE INDEX outbox_pending_seq ON outbox (seq) WHERE state = 'PENDING';
