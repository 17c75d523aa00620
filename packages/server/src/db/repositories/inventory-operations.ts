import type { Db } from '../database.js';
import { prepare, preparePluck, preparedPerDb } from './prepared.js';

export type InventoryOperationType = 'RESERVE' | 'RELEASE';

/**
 * Whose id space an operationId belongs to: `client` (the admin API) or `order` (the server's own
 * reserve/release for an order). Ids are unique per scope, so no client id can collide with one
 * the server uses.
 */
export type OperationScope = 'client' | 'order';

export interface InventoryOperationRow {
  scope: OperationScope;
  operation_id: string;
  item_id: string;
  order_id: string;
  type: InventoryOperationType;
  quantity: number;
  available_units_after: number;
  created_at: string;
}

interface StockRow {
  available_units: number;
  reserved_units: number;
}

interface StockChange {
  itemId: string;
  quantity: number;
  now: string;
}

function build(db: Db) {
  return {
    byId: prepare<[OperationScope, string], InventoryOperationRow>(
      db,
      `SELECT scope, operation_id, item_id, order_id, type, quantity, available_units_after,
              created_at
         FROM inventory_operations WHERE scope = ? AND operation_id = ?`,
    ),
    insert: prepare<[InventoryOperationRow]>(
      db,
      `INSERT INTO inventory_operations
         (scope, operation_id, item_id, order_id, type, quantity, available_units_after, created_at)
       VALUES (@scope, @operation_id, @item_id, @order_id, @type, @quantity,
               @available_units_after, @created_at)`,
    ),
    heldByOrder: preparePluck<[string, string], number>(
      db,
      `SELECT COALESCE(SUM(CASE type WHEN 'RESERVE' THEN quantity ELSE -quantity END), 0)
           FROM inventory_operations WHERE item_id = ? AND order_id = ?`,
    ),
    stock: prepare<[string], StockRow>(
      db,
      'SELECT available_units, reserved_units FROM inventory WHERE item_id = ?',
    ),
    // The WHERE guard keeps stock from going negative even if a caller skipped the check; the
    // table's CHECK constraints are the last line.
    reserve: prepare<[StockChange]>(
      db,
      `UPDATE inventory
          SET available_units = available_units - @quantity,
              reserved_units = reserved_units + @quantity, updated_at = @now
        WHERE item_id = @itemId AND available_units >= @quantity`,
    ),
    release: prepare<[StockChange]>(
      db,
      `UPDATE inventory
          SET available_units = available_units + @quantity,
              reserved_units = MAX(reserved_units - @quantity, 0), updated_at = @now
        WHERE item_id = @itemId`,
    ),
  };
}

/** Prepared statements of the inventory operation log and the stock they move. */
export const inventoryOperationsRepo = preparedPerDb(build);
