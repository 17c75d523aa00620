-- Orders, payments and the in-process stand-in for Kafka (outbox + consumer dedupe tables).
-- Money is integer cents. Timestamps are ISO 8601 UTC strings, except scheduling columns
-- (epoch ms) that the worker compares with its clock.
-- No foreign keys to the core tables (accounts, items, inventory): deleting an item or resetting
-- the dev database must not fail on, or erase, order history (lines keep a copied name/price).

-- The inventory operation log: one row per applied RESERVE/RELEASE, keyed by operationId, so a
-- repeated operation (a retry) changes nothing and returns the first result.
CREATE TABLE inventory_operations (
  seq                   INTEGER PRIMARY KEY AUTOINCREMENT,
  operation_id          TEXT NOT NULL UNIQUE,
  item_id               TEXT NOT NULL,
  order_id              TEXT NOT NULL,
  type                  TEXT NOT NULL CHECK (type IN ('RESERVE', 'RELEASE')),
  quantity              INTEGER NOT NULL CHECK (quantity > 0),
  available_units_after INTEGER NOT NULL CHECK (available_units_after >= 0),
  created_at            TEXT NOT NULL
) STRICT;

CREATE INDEX inventory_operations_item_order ON inventory_operations (item_id, order_id);

CREATE TABLE orders (
  order_id       TEXT PRIMARY KEY,
  account_id     TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('PENDING', 'INVENTORY_RESERVED', 'PAID',
                   'PAYMENT_FAILED', 'FAILED', 'CANCELLED', 'REFUNDED')),
  total_cents    INTEGER NOT NULL CHECK (total_cents > 0),
  -- The account's payment method at order time: the payment outcome follows it.
  payment_method TEXT NOT NULL,
  payment_id     TEXT,
  failure_reason TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
) STRICT;

-- Newest first per account; rowid breaks ties between orders placed in the same millisecond.
CREATE INDEX orders_account_created ON orders (account_id, created_at);

CREATE TABLE order_lines (
  order_id         TEXT NOT NULL REFERENCES orders (order_id),
  line_no          INTEGER NOT NULL,
  item_id          TEXT NOT NULL,
  item_name        TEXT NOT NULL,
  unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents > 0),
  quantity         INTEGER NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (order_id, line_no)
) STRICT;

-- Idempotency-Key records, per account. A row is claimed (IN_FLIGHT) by an INSERT before the
-- work runs, then holds the final response (DONE). 5xx responses delete the claim.
CREATE TABLE idempotency_keys (
  account_id       TEXT NOT NULL,
  idempotency_key  TEXT NOT NULL,
  request_hash     TEXT NOT NULL,
  claim_id         TEXT NOT NULL,
  state            TEXT NOT NULL CHECK (state IN ('IN_FLIGHT', 'DONE')),
  response_status  INTEGER,
  response_headers TEXT, -- JSON object of the headers worth replaying (content-type, location)
  response_body    BLOB,
  created_at       INTEGER NOT NULL, -- epoch ms
  expires_at       INTEGER NOT NULL, -- epoch ms; expired rows are ignored and purged
  PRIMARY KEY (account_id, idempotency_key)
) STRICT;

CREATE INDEX idempotency_keys_expires ON idempotency_keys (expires_at);

-- Messages between the orders side and the payments side, consumed in seq order per topic and
-- order (as a Kafka partition keyed by orderId would be). `payload` is the JSON message
-- (PaymentRequestEvent / PaymentResultEvent). A row is DONE once consumed, DEAD after too many
-- failed attempts.
CREATE TABLE outbox (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id   TEXT NOT NULL UNIQUE,
  topic        TEXT NOT NULL CHECK (topic IN ('payment-request-events', 'payment-result-events')),
  order_id     TEXT NOT NULL,
  payload      TEXT NOT NULL,
  state        TEXT NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'DONE', 'DEAD')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  available_at INTEGER NOT NULL, -- epoch ms; pushed back after a failed attempt
  last_error   TEXT,
  created_at   TEXT NOT NULL
) STRICT;

CREATE INDEX outbox_pending ON outbox (state, available_at, seq);
CREATE INDEX outbox_topic_order ON outbox (topic, order_id, state, seq);

CREATE TABLE payments (
  payment_id     TEXT PRIMARY KEY,
  order_id       TEXT NOT NULL UNIQUE,
  amount_cents   INTEGER NOT NULL CHECK (amount_cents > 0),
  status         TEXT NOT NULL CHECK (status IN ('PENDING', 'SUCCESS', 'FAILED', 'UPDATED', 'REFUNDED')),
  payment_method TEXT NOT NULL,
  failure_reason TEXT,
  settle_at      INTEGER, -- epoch ms when a PENDING payment gets its outcome; NULL once settled
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  refunded_at    TEXT
) STRICT;

CREATE INDEX payments_settle ON payments (settle_at) WHERE settle_at IS NOT NULL;

-- Payments side: request messages already handled (the hosted payment service's table).
CREATE TABLE processed_messages (
  message_id   TEXT PRIMARY KEY,
  order_id     TEXT NOT NULL,
  action       TEXT NOT NULL,
  processed_at TEXT NOT NULL
) STRICT;

-- Orders side: result messages already applied (the hosted order service defines this table but
-- never uses it).
CREATE TABLE applied_results (
  message_id TEXT PRIMARY KEY,
  order_id   TEXT NOT NULL,
  status     TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT;
