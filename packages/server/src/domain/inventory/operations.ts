import type { Schemas } from '../../api-types.js';
import type { Db } from '../../db/database.js';
import { findInventory, releaseUnits, reserveUnits } from '../../db/repositories/inventory.js';
import {
  findInventoryOperation,
  insertInventoryOperation,
  unitsHeldByOrder,
  type InventoryOperationRecord,
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

const toOperation = (record: InventoryOperationRecord): InventoryOperation => ({
  operationId: record.operationId,
  itemId: record.itemId,
  orderId: record.orderId,
  type: record.type,
  quantity: record.quantity,
  availableUnits: record.availableUnitsAfter,
  createdAt: record.createdAt,
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
 * Reserves a line of an order being placed, inside the order's transaction. A new order has no
 * operations yet, so there is nothing to replay, and the caller has just read the available
 * units it checked the line against: no lookups are repeated.
 */
export function reserveForNewOrder(
  db: Db,
  line: { orderId: string; itemId: string; quantity: number; availableUnits: number },
  at: string,
): void {
  if (!reserveUnits(db, line.itemId, line.quantity, at)) {
    throw new Error(`item ${line.itemId} lost stock inside the order's own transaction`);
  }
  insertInventoryOperation(db, {
    scope: 'order',
    operationId: orderOperationId(line.orderId, line.itemId, 'RESERVE'),
    itemId: line.itemId,
    orderId: line.orderId,
    type: 'RESERVE',
    quantity: line.quantity,
    availableUnitsAfter: line.availableUnits - line.quantity,
    createdAt: at,
  });
}

/**
 * Applies a RESERVE or RELEASE once per scope and `operationId` (the log is the idempotency
 * record), in its own transaction or as part of the caller's.
 */
function applyOnce(
  db: Db,
  scope: OperationScope,
  input: InventoryOperationInput,
  now: Date,
): Applied {
  return inImmediateTransaction(db, () => {
    const previous = findInventoryOperation(db, scope, input.operationId);
    if (previous) {
      const same =
        previous.itemId === input.itemId &&
        previous.orderId === input.orderId &&
        previous.type === input.type &&
        previous.quantity === input.quantity;
      if (!same) {
        throw new DomainError(
          'inventory.operation_conflict',
          `Operation "${input.operationId}" was already applied with different fields (item ${previous.itemId}, order ${previous.orderId}, ${previous.type} ${previous.quantity}); use a new operationId.`,
        );
      }
      return { operation: toOperation(previous), replayed: true };
    }

    const stock = findInventory(db, input.itemId);
    if (!stock) {
      throw new DomainError('inventory.not_found', `No inventory for item ${input.itemId}.`, {
        itemId: input.itemId,
      });
    }
    const at = now.toISOString();
    let availableAfter: number;
    if (input.type === 'RESERVE') {
      if (stock.availableUnits < input.quantity) throw insufficient(input, stock.availableUnits);
      reserveUnits(db, input.itemId, input.quantity, at);
      availableAfter = stock.availableUnits - input.quantity;
    } else {
      const held = unitsHeldByOrder(db, input.itemId, input.orderId);
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
      releaseUnits(db, input.itemId, input.quantity, at);
      availableAfter = stock.availableUnits + input.quantity;
    }
    const record: InventoryOperationRecord = {
      scope,
      operationId: input.operationId,
      itemId: input.itemId,
      orderId: input.orderId,
      type: input.type,
      quantity: input.quantity,
      availableUnitsAfter: availableAfter,
      createdAt: at,
    };
    insertInventoryOperation(db, record);
    return { operation: toOperation(record), replayed: false };
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
  return findInventory(db, itemId)?.reservedUnits ?? 0;
}

/** Units an order still holds on an item (0 when it never reserved or already released). */
export function heldByOrder(db: Db, orderId: string, itemId: string): number {
  return unitsHeldByOrder(db, itemId, orderId);
}

export const hasInventory = (db: Db, itemId: string): boolean =>
  findInventory(db, itemId) !== undefined;
