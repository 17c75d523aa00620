-- Failed logins are counted per (email, client address) and per client address, so guesses from
-- one client never lock the account's owner out elsewhere. Rows from before have client ''.

ALTER TABLE login_attempts ADD COLUMN client TEXT NOT NULL DEFAULT '';

DROP INDEX login_attempts_email_time;
CREATE INDEX login_attempts_email_client_time ON login_attempts (email, client, attempted_at);
CREATE INDEX login_attempts_client_time ON login_attempts (client, attempted_at);
-- The prune of expired rows runs on every attempt.
CREATE INDEX login_attempts_time ON login_attempts (attempted_at);
