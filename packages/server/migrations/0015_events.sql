-- The event log: one row per state change, written in the transaction that makes the change.
-- AUTOINCREMENT so a seq is never reused after retention deletes the newest rows' elders: seq
-- is the cursor clients keep.
CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  account_id TEXT NOT NULL,
  order_id TEXT,
  request_id TEXT,
  created_at TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  -- The envelope's `data` ({ object, previous? }) as JSON; the rest is in the columns.
  data TEXT NOT NULL
);
CREATE INDEX events_account_seq ON events (account_id, seq);
CREATE INDEX events_order_seq ON events (order_id, seq);
CREATE INDEX events_created ON events (created_ms);

-- The highest seq removed by retention: a cursor below it has missed events (410).
CREATE TABLE events_pruned (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  through_seq INTEGER NOT NULL
);
