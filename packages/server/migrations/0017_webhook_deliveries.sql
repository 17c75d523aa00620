-- One row per (event, endpoint) delivery; a resend adds another row for the same event.
CREATE TABLE webhook_deliveries (
  delivery_id TEXT PRIMARY KEY,
  event_seq INTEGER NOT NULL REFERENCES events (seq) ON DELETE CASCADE,
  endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (endpoint_id) ON DELETE CASCADE,
  -- The order the event is about: deliveries of one order to one endpoint go one at a time.
  order_key TEXT,
  state TEXT NOT NULL CHECK (state IN ('pending', 'succeeded', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL,
  created_ms INTEGER NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_ms);
CREATE INDEX webhook_deliveries_order ON webhook_deliveries (endpoint_id, order_key, state, event_seq);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_seq);

CREATE TABLE webhook_attempts (
  delivery_id TEXT NOT NULL REFERENCES webhook_deliveries (delivery_id) ON DELETE CASCADE,
  attempt INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('succeeded', 'failed')),
  status_code INTEGER,
  duration_ms INTEGER NOT NULL,
  error TEXT,
  response_body TEXT,
  attempted_at TEXT NOT NULL,
  next_attempt_at TEXT,
  PRIMARY KEY (delivery_id, attempt)
);
