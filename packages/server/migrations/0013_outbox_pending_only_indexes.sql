-- The outbox keeps every consumed message (DONE), and its two secondary indexes kept them too:
-- each order's messages were inserted, and moved on DONE, at random places of indexes that grow
-- with every order ever placed (outbox_topic_order is keyed by the random order id), so the
-- cost of an order rose with the size of the database. The worker only ever looks for PENDING
-- messages, so both indexes now hold PENDING rows only and stay as small as the backlog.
DROP INDEX outbox_pending;
CREATE INDEX outbox_pending ON outbox (available_at) WHERE state = 'PENDING';
DROP INDEX outbox_topic_order;
CREATE INDEX outbox_topic_order ON outbox (topic, order_id, seq) WHERE state = 'PENDING';
