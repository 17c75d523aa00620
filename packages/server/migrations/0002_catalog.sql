-- Catalog: items and their stock. Money is integer cents.

CREATE TABLE items (
  item_id          TEXT PRIMARY KEY,
  upc              TEXT NOT NULL UNIQUE,
  item_name        TEXT NOT NULL,
  unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents > 0),
  picture_urls     TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
  metadata         TEXT NOT NULL DEFAULT '{}', -- JSON object
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
) STRICT;

CREATE INDEX items_item_name ON items (item_name);
CREATE INDEX items_unit_price ON items (unit_price_cents);
CREATE INDEX items_created_at ON items (created_at);

-- available_units: can be sold now. reserved_units: held by live orders (RESERVE moves units
-- from available to reserved, RELEASE moves them back; see domain/inventory/operations.ts).
CREATE TABLE inventory (
  item_id         TEXT PRIMARY KEY REFERENCES items (item_id) ON DELETE CASCADE,
  available_units INTEGER NOT NULL CHECK (available_units >= 0),
  reserved_units  INTEGER NOT NULL DEFAULT 0 CHECK (reserved_units >= 0),
  updated_at      TEXT NOT NULL
) STRICT;
