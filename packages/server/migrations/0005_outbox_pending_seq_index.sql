-- The worker takes the oldest due message (lowest seq) after every step. Through
-- outbox_pending (state, available_at, seq) that meant sorting every pending message each
-- time: milliseconds per message with a few thousand queued, so a burst of orders took minutes
-- to pay. In seq order the first pending message is nearly always the one; only pending rows
-- are indexed, and they leave it when consumed.
CREATE INDEX outbox_pending_seq ON outbox (seq) WHERE state = 'PENDING';
