-- An item's stock (available + reserved) is now capped at 1,000,000,000 units, the contract's
-- maximum of availableUnits, so giving reserved units back can never push availableUnits past it.
-- Rows set above the cap before it existed are brought down to it, taking from available units.
UPDATE inventory
   SET available_units = MAX(0, 1000000000 - reserved_units)
 WHERE available_units + reserved_units > 1000000000;
