import type { Db } from '../database.js';
import { preparedPerDb } from './prepared.js';

export type InventoryOperationType = 'RESERVE' | 'RELEASE';

/**
 * Whose id space an operationId belongs to: `client` (the admin API) or `order` (the server's own
 * reserve/release for an order). Ids are unique per scope, so no client id can collide with one
 * the server uses.
 */
export type OperationScope = 'client' | 'order';

export interface InventoryOperationRecord {
  scope: OperationScope;
  operationId: string;
  itemId: string;
  orderId: string;
  type: InventoryOperationType;
  quantity: number;
  availableUnitsAfter: number;
  createdAt: string;
}

interface InventoryOperationRow {
  scope: OperationScope;
  operation_id: string;
  item_id: string;
  order_id: string;
  type: InventoryOperationType;
  quantity: number;
  available_units_after: number;
  created_at: string;
}

const stmts = preparedPerDb((db) => ({
  byId: db.prepare<[OperationScope, string], InventoryOperationRow>(
    `SELECT scope, operation_id, item_id, order_id, type, quantity, available_units_after,
            created_at
       FROM inventory_operations WHERE scope = ? AND operation_id = ?`,
  ),
  insert: db.prepare<[InventoryOperationRow]>(
    `INSERT INTO inventory_operations
       (scope, operation_id, item_id, order_id, type, quantity, available_units_after, created_at)
     VALUES (@scope, @operation_id, @item_id, @order_id, @type, @quantity,
             @available_units_after, @created_at)`,
  ),
  heldByOrder: db
    .prepare<[string, string], number>(
      `SELECT COALESCE(SUM(CASE type WHEN 'RESERVE' THEN quantity ELSE -quantity END), 0)
         FROM inventory_operations WHERE item_id = ? AND order_id = ?`,
    )
    .pluck(),
}));

export function findInventoryOperation(
  db: Db,
  scope: OperationScope,
  operationId: string,
): InventoryOperationRecord | undefined {
  const row = stmts(db).byId.get(scope, operationId);
  return (
    row && {
      scope: row.scope,
      operationId: row.operation_id,
      itemId: row.item_id,
      orderId: row.order_id,
      type: row.type,
      quantity: row.quantity,
      availableUnitsAfter: row.available_units_after,
      createdAt: row.created_at,
    }
  );
}

export function insertInventoryOperation(db: Db, operation: InventoryOperationRecord): void {
  stmts(db).insert.run({
    scope: operation.scope,
    operation_id: operation.operationId,
    item_id: operation.itemId,
    order_id: operation.orderId,
    type: operation.type,
    quantity: operation.quantity,
    available_units_after: operation.availableUnitsAfter,
    created_at: operation.createdAt,
  });
}

/** Units an order still holds on an item: its reservations less its releases. */
export const unitsHeldByOrder = (db: Db, itemId: string, orderId: string): number =>
  stmts(db).heldByOrder.get(itemId, orderId) ?? 0;
