import type { Schemas } from '../../api-types.js';
import type { Db } from '../../db/database.js';
import {
  inventoryOperationsRepo,
  type InventoryOperationRow,
  type InventoryOperationType,
  type OperationScope,
} from '../../db/repositories/inventory-operations.js';
import { DomainError } from '../errors.js';
import { inImmediateTransaction } from '../../db/transaction.js';

export interface InventoryOperationInput {
  itemId: string;
  operationId: string;
  orderId: string;
  type: InventoryOperationType;
  quantity: number;
}

/** The API's `InventoryOperation` object. */
type InventoryOperation = Schemas['InventoryOperation'];

const toOperation = (row: InventoryOperationRow): InventoryOperation => ({
  operationId: row.operation_id,
  itemId: row.item_id,
  orderId: row.order_id,
  type: row.type,
  quantity: row.quantity,
  availableUnits: row.available_units_after,
  createdAt: row.created_at,
});

/** The operation ids an order uses, one per item and direction, so a retry cannot apply twice. */
const orderOperationId = (orderId: string, itemId: string, type: InventoryOperationType) =>
  `${orderId}:${itemId}:${type === 'RESERVE' ? 'reserve' : 'release'}`;

type Applied = { operation: InventoryOperation; replayed: boolean };

/**
 * A client's (the admin API's) RESERVE or RELEASE, applied once per `operationId`. Client ids
 * have their own scope in the log: whatever id a client picks, it cannot take or replay an
 * operation the server applies for an order.
 */
export const applyInventoryOperation = (
  db: Db,
  input: InventoryOperationInput,
  now: Date,
): Applied => applyOnce(db, 'client', input, now);

/** An order's own RESERVE or RELEASE of a line (one per item and direction, in the order scope). */
export const applyOrderOperation = (
  db: Db,
  input: Omit<InventoryOperationInput, 'operationId'>,
  now: Date,
): Applied =>
  applyOnce(
    db,
    'order',
    { ...input, operationId: orderOperationId(input.orderId, input.itemId, input.type) },
    now,
  );

/**
 * Applies a RESERVE or RELEASE once per scope and `operationId` (the log is the idempotency
 * record). Runs in its own transaction, or as a savepoint inside the caller's (orders use it that
 * way).
 */
function applyOnce(
  db: Db,
  scope: OperationScope,
  input: InventoryOperationInput,
  now: Date,
): Applied {
  const repo = inventoryOperationsRepo(db);
  return inImmediateTransaction(db, () => {
    const previous = repo.byId.get(scope, input.operationId);
    if (previous) {
      const same =
        previous.item_id === input.itemId &&
        previous.order_id === input.orderId &&
        previous.type === input.type &&
        previous.quantity === input.quantity;
      if (!same) {
        throw new DomainError(
          'inventory.operation_conflict',
          `Operation "${input.operationId}" was already applied with different fields (item ${previous.item_id}, order ${previous.order_id}, ${previous.type} ${previous.quantity}); use a new operationId.`,
        );
      }
      return { operation: toOperation(previous), replayed: true };
    }

    const stock = repo.stock.get(input.itemId);
    if (!stock) {
      throw new DomainError('inventory.not_found', `No inventory for item ${input.itemId}.`, {
        itemId: input.itemId,
      });
    }
    const change = { itemId: input.itemId, quantity: input.quantity, now: now.toISOString() };
    if (input.type === 'RESERVE') {
      if (stock.available_units < input.quantity) throw insufficient(input, stock.available_units);
      repo.reserve.run(change);
    } else {
      const held = repo.heldByOrder.get(input.itemId, input.orderId) ?? 0;
      if (input.quantity > held) {
        throw new DomainError(
          'inventory.release_exceeds_reserved',
          `Order ${input.orderId} holds ${held} unit(s) of item ${input.itemId}; cannot release ${input.quantity}.`,
          {
            itemId: input.itemId,
            orderId: input.orderId,
            reservedUnits: held,
            requestedUnits: input.quantity,
          },
        );
      }
      repo.release.run(change);
    }
    const row: InventoryOperationRow = {
      scope,
      operation_id: input.operationId,
      item_id: input.itemId,
      order_id: input.orderId,
      type: input.type,
      quantity: input.quantity,
      available_units_after: repo.stock.get(input.itemId)?.available_units ?? 0,
      created_at: change.now,
    };
    repo.insert.run(row);
    return { operation: toOperation(row), replayed: false };
  });
}

/** The 409 `inventory.insufficient` error, with the extensions the spec names. */
export function insufficient(
  input: { itemId: string; quantity: number },
  availableUnits: number,
  extra: Record<string, unknown> = {},
): DomainError {
  return new DomainError(
    'inventory.insufficient',
    `Only ${availableUnits} unit(s) of item ${input.itemId} available; ${input.quantity} requested.`,
    { itemId: input.itemId, availableUnits, requestedUnits: input.quantity, ...extra },
  );
}

/** Units held by live orders (reserved − released); read by the full inventory view. */
export function reservedUnitsFor(db: Db, itemId: string): number {
  return inventoryOperationsRepo(db).stock.get(itemId)?.reserved_units ?? 0;
}

/** Units an order still holds on an item (0 when it never reserved or already released). */
export function heldByOrder(db: Db, orderId: string, itemId: string): number {
  return inventoryOperationsRepo(db).heldByOrder.get(itemId, orderId) ?? 0;
}

export const hasInventory = (db: Db, itemId: string): boolean =>
  inventoryOperationsRepo(db).stock.get(itemId) !== undefined;
