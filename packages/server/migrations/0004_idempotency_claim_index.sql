-- Completing or releasing a claim looks it up by claim_id on every keyed request; without an
-- index that is a scan of every stored key (24 h of them).
CREATE UNIQUE INDEX idempotency_keys_claim ON idempotency_keys (claim_id);
