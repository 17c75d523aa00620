CREATE TABLE webhook_endpoints (
  endpoint_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  -- JSON array of event types and `prefix.*` patterns.
  events TEXT NOT NULL,
  description TEXT,
  scope TEXT NOT NULL CHECK (scope IN ('own', 'all')),
  status TEXT NOT NULL CHECK (status IN ('enabled', 'disabled')),
  disabled_reason TEXT CHECK (disabled_reason IN ('manual', 'failing', 'gone')),
  secret TEXT NOT NULL,
  -- During a rotation the old secret signs too, until old_secret_expires_ms.
  old_secret TEXT,
  old_secret_expires_ms INTEGER,
  -- Start of the current run of failed attempts (null after a success).
  failing_since_ms INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX webhook_endpoints_account ON webhook_endpoints (account_id);
CREATE INDEX webhook_endpoints_scope ON webhook_endpoints (scope, status);
