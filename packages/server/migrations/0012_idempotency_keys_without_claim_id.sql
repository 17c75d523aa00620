-- A key's claim and its stored response are now written in the same transaction as the work,
-- so nothing looks a claim up by claim_id any more. Its unique index cost one more B-tree
-- insert at a random place per keyed request; the column and the index go.
DROP INDEX idempotency_keys_claim;
ALTER TABLE idempotency_keys DROP COLUMN claim_id;
