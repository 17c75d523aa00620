import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { DomainError } from '../errors.js';
import { insertItem, openTestDb, stockOf } from '../../../test/domain-fixtures.js';
import { applyInventoryOperation, applyOrderOperation, reservedUnitsFor } from './operations.js';

const now = new Date('2026-01-02T03:04:05.000Z');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return undefined;
}

describe('applyInventoryOperation', () => {
  let db: Db;
  let itemId: string;
  const orderId = randomUUID();
  beforeEach(() => {
    db = openTestDb();
    itemId = insertItem(db, { units: 10 });
  });
  afterEach(() => db.close());

  const op = (type: 'RESERVE' | 'RELEASE', quantity: number, operationId = `${type}-${quantity}`) =>
    applyInventoryOperation(db, { itemId, orderId, type, quantity, operationId }, now);

  it('reserves and releases, moving units between available and reserved', () => {
    const reserved = op('RESERVE', 4);
    expect(reserved).toEqual({
      replayed: false,
      operation: {
        operationId: 'RESERVE-4',
        itemId,
        orderId,
        type: 'RESERVE',
        quantity: 4,
        availableUnits: 6,
        createdAt: now.toISOString(),
      },
    });
    expect(reservedUnitsFor(db, itemId)).toBe(4);
    expect(op('RELEASE', 3).operation.availableUnits).toBe(9);
    expect(stockOf(db, itemId)).toEqual({ available_units: 9, reserved_units: 1 });
    expect(reservedUnitsFor(db, itemId)).toBe(1);
  });

  it('replays a repeated operationId without applying it again', () => {
    const first = op('RESERVE', 4, 'same');
    const again = op('RESERVE', 4, 'same');
    expect(again).toEqual({ operation: first.operation, replayed: true });
    expect(stockOf(db, itemId)?.available_units).toBe(6);
  });

  it('rejects the same operationId with different fields', () => {
    op('RESERVE', 4, 'same');
    expect(codeOf(() => op('RESERVE', 5, 'same'))).toBe('inventory.operation_conflict');
    expect(codeOf(() => op('RELEASE', 4, 'same'))).toBe('inventory.operation_conflict');
    expect(stockOf(db, itemId)?.available_units).toBe(6);
  });

  it('refuses to reserve beyond the available units, with the numbers in the error', () => {
    op('RESERVE', 8);
    try {
      op('RESERVE', 3);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('inventory.insufficient');
      expect((error as DomainError).extensions).toEqual({
        itemId,
        availableUnits: 2,
        requestedUnits: 3,
      });
    }
    expect(stockOf(db, itemId)).toEqual({ available_units: 2, reserved_units: 8 });
  });

  it('refuses to release more than the order holds on the item', () => {
    expect(codeOf(() => op('RELEASE', 1))).toBe('inventory.release_exceeds_reserved');
    op('RESERVE', 2);
    expect(codeOf(() => op('RELEASE', 3))).toBe('inventory.release_exceeds_reserved');
    // Another order's reservation is not this order's to release.
    const other = applyInventoryOperation(
      db,
      { itemId, orderId: randomUUID(), type: 'RESERVE', quantity: 5, operationId: 'o' },
      now,
    );
    expect(other.operation.availableUnits).toBe(3);
    expect(codeOf(() => op('RELEASE', 3, 'r3'))).toBe('inventory.release_exceeds_reserved');
  });

  it('reports an unknown item as inventory.not_found', () => {
    expect(
      codeOf(() =>
        applyInventoryOperation(
          db,
          { itemId: 'f'.repeat(24), orderId, type: 'RESERVE', quantity: 1, operationId: 'x' },
          now,
        ),
      ),
    ).toBe('inventory.not_found');
    expect(reservedUnitsFor(db, 'f'.repeat(24))).toBe(0);
  });

  it("keeps client operationIds apart from an order's own: the same id neither replays nor conflicts", () => {
    applyOrderOperation(db, { itemId, orderId, type: 'RESERVE', quantity: 3 }, now);
    // The id format the server uses for this order's own release, taken first by a client.
    const taken = op('RELEASE', 1, `${orderId}:${itemId}:release`);
    expect(taken.replayed).toBe(false);
    const release = applyOrderOperation(db, { itemId, orderId, type: 'RELEASE', quantity: 2 }, now);
    expect(release.replayed).toBe(false);
    expect(release.operation).toMatchObject({ type: 'RELEASE', quantity: 2, availableUnits: 10 });
    expect(stockOf(db, itemId)).toEqual({ available_units: 10, reserved_units: 0 });
    // And a client's id in that format replays only the client's own operation.
    expect(op('RELEASE', 1, `${orderId}:${itemId}:release`)).toEqual({
      operation: taken.operation,
      replayed: true,
    });
  });
});
