-- inventory_operations keyed one operationId space for client operations (the admin API) and the
-- server's own (an order's reserve/release), so a client could take an id the server would later
-- use and make every release of that order fail. Each operation now has a scope, and ids are
-- unique per scope. Rows written before cannot be told apart, and all become client rows: they
-- stay replayable by the same id as before, an order whose own release id a client had taken can
-- now release (the order scope starts empty), and no order reserves or releases twice, so none
-- needs its earlier rows in its own scope. Rebuilt: SQLite cannot change a UNIQUE constraint.

CREATE TABLE inventory_operations_scoped (
  seq                   INTEGER PRIMARY KEY AUTOINCREMENT,
  scope                 TEXT NOT NULL CHECK (scope IN ('client', 'order')),
  operation_id          TEXT NOT NULL,
  item_id               TEXT NOT NULL,
  order_id              TEXT NOT NULL,
  type                  TEXT NOT NULL CHECK (type IN ('RESERVE', 'RELEASE')),
  quantity              INTEGER NOT NULL CHECK (quantity > 0),
  available_units_after INTEGER NOT NULL CHECK (available_units_after >= 0),
  created_at            TEXT NOT NULL,
  UNIQUE (scope, operation_id)
) STRICT;

INSERT INTO inventory_operations_scoped
  (seq, scope, operation_id, item_id, order_id, type, quantity, available_units_after, created_at)
SELECT seq, 'client', operation_id, item_id, order_id, type, quantity, available_units_after, created_at
  FROM inventory_operations ORDER BY seq;

DROP TABLE inventory_operations;
ALTER TABLE inventory_operations_scoped RENAME TO inventory_operations;
CREATE INDEX inventory_operations_item_order ON inventory_operations (item_id, order_id);
