-- Counts password changes. Tokens carry the version they were issued under (claim `pv`), so a
-- password change ends every earlier token, exactly, even within the same second (`iat` is
-- whole seconds).
ALTER TABLE accounts ADD COLUMN password_version INTEGER NOT NULL DEFAULT 0;
