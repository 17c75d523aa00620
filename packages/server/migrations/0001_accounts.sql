-- Accounts, server settings (the generated JWT secret) and the failed-login log.

CREATE TABLE accounts (
  account_id       TEXT PRIMARY KEY,
  email            TEXT NOT NULL COLLATE NOCASE UNIQUE,
  username         TEXT NOT NULL,
  password_hash    TEXT NOT NULL,
  shipping_address TEXT,
  billing_address  TEXT,
  payment_method   TEXT NOT NULL,
  role             TEXT NOT NULL CHECK (role IN ('customer', 'admin')),
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
) STRICT;

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- One row per failed login; the email is stored lower-cased. Rows older than the window are
-- pruned on write.
CREATE TABLE login_attempts (
  email        TEXT NOT NULL,
  attempted_at INTEGER NOT NULL -- epoch ms
) STRICT;

CREATE INDEX login_attempts_email_time ON login_attempts (email, attempted_at);
