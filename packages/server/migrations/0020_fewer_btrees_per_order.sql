-- Every B-tree an order writes dirties at least one page, and every dirty page is a WAL frame
-- written at COMMIT (ADR 0058). These tables are rebuilt so an order touches fewer of them:
--
-- order_lines, processed_messages and applied_results are only ever reached by their primary
-- key and have small rows, so they become WITHOUT ROWID tables: the row lives in the primary-key
-- B-tree instead of a rowid table plus a separate unique index.
-- (idempotency_keys stays as it is: its rows carry the stored response, and keyed by a random
-- key they would spread over a B-tree many times larger than its small unique index.)
--
-- outbox and inventory_operations drop AUTOINCREMENT: neither ever deletes a row (a dev reset
-- empties both, as it always reset the counters), so max(seq) + 1 never hands out a used seq,
-- and the sqlite_sequence update per insert is saved. The outbox's UNIQUE on message_id goes
-- too: ids are random UUIDs that no query looks up (consumers dedupe in processed_messages and
-- applied_results). outbox_pending goes: only the idle wake-up time read it, and it walked every
-- pending row either way; it now walks outbox_pending_seq.

CREATE TABLE order_lines_new (
  order_id         TEXT NOT NULL REFERENCES orders (order_id),
  line_no          INTEGER NOT NULL,
  item_id          TEXT NOT NULL,
  item_name        TEXT NOT NULL,
  unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents > 0),
  quantity         INTEGER NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (order_id, line_no)
) STRICT, WITHOUT ROWID;
INSERT INTO order_lines_new (order_id, line_no, item_id, item_name, unit_price_cents, quantity)
SELECT order_id, line_no, item_id, item_name, unit_price_cents, quantity FROM order_lines;
DROP TABLE order_lines;
ALTER TABLE order_lines_new RENAME TO order_lines;

CREATE TABLE outbox_new (
  seq          INTEGER PRIMARY KEY,
  message_id   TEXT NOT NULL,
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
INSERT INTO outbox_new
  (seq, message_id, topic, order_id, payload, state, attempts, available_at, last_error, created_at)
SELECT seq, message_id, topic, order_id, payload, state, attempts, available_at, last_error, created_at
  FROM outbox ORDER BY seq;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_topic_order ON outbox (topic, order_id, seq) WHERE state = 'PENDING';
CREATE INDEX outbox_pending_seq ON outbox (seq) WHERE state = 'PENDING';

CREATE TABLE inventory_operations_new (
  seq                   INTEGER PRIMARY KEY,
  scope                 TEXT NOT NULL CHECK (scope IN ('client', 'order')),
  operation_id          TEXT NOT NULL,
  item_id               TEXT NOT NULL,
  order_id              TEXT NOT NULL,
  type                  TEXT NOT NULL CHECK (type IN ('RESERVE', 'RELEASE')),
  quantity              INTEGER NOT NULL CHECK (quantity > 0),
  available_units_after INTEGER NOT NULL CHECK (available_units_after >= 0),
  created_at            TEXT NOT NULL,
  UNIQUE (scope, operation_id)
) STRICT;
INSERT INTO inventory_operations_new
  (seq, scope, operation_id, item_id, order_id, type, quantity, available_units_after, created_at)
SELECT seq, scope, operation_id, item_id, order_id, type, quantity, available_units_after, created_at
  FROM inventory_operations ORDER BY seq;
DROP TABLE inventory_operations;
ALTER TABLE inventory_operations_new RENAME TO inventory_operations;
CREATE INDEX inventory_operations_item_order ON inventory_operations (item_id, order_id);

CREATE TABLE processed_messages_new (
  message_id   TEXT PRIMARY KEY,
  order_id     TEXT NOT NULL,
  action       TEXT NOT NULL,
  processed_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO processed_messages_new (message_id, order_id, action, processed_at)
SELECT message_id, order_id, action, processed_at FROM processed_messages;
DROP TABLE processed_messages;
ALTER TABLE processed_messages_new RENAME TO processed_messages;

CREATE TABLE applied_results_new (
  message_id TEXT PRIMARY KEY,
  order_id   TEXT NOT NULL,
  status     TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO applied_results_new (message_id, order_id, status, applied_at)
SELECT message_id, order_id, status, applied_at FROM applied_results;
DROP TABLE applied_results;
ALTER TABLE applied_results_new RENAME TO applied_results;
