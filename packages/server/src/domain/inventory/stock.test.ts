import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Db } from '../../db/database.js';
import { findSpecPath } from '../../package-files.js';
import { DomainError } from '../errors.js';
import { insertItem, openTestDb, stockOf } from '../../../test/domain-fixtures.js';
import { applyOrderOperation } from './operations.js';
import { getInventory, MAX_STOCK_UNITS, setAvailableUnits } from './stock.js';

const now = new Date('2026-01-02T03:04:05.000Z');

describe('setAvailableUnits at the stock ceiling', () => {
  let db: Db;
  let itemId: string;
  const orderId = randomUUID();
  beforeEach(() => {
    db = openTestDb();
    itemId = insertItem(db, { units: 10 });
    applyOrderOperation(db, { itemId, orderId, type: 'RESERVE', quantity: 5 }, now);
  });
  afterEach(() => db.close());

  it('is the maximum the contract gives availableUnits', () => {
    const spec = parse(readFileSync(findSpecPath(), 'utf8')) as {
      components: { schemas: Record<string, { properties: Record<string, { maximum?: number }> }> };
    };
    const { schemas } = spec.components;
    expect(schemas.InventoryFull?.properties.availableUnits?.maximum).toBe(MAX_STOCK_UNITS);
    expect(schemas.InventoryFull?.properties.reservedUnits?.maximum).toBe(MAX_STOCK_UNITS);
    expect(schemas.InventorySet?.properties.availableUnits?.maximum).toBe(MAX_STOCK_UNITS);
    expect(schemas.InventoryOperation?.properties.availableUnits?.maximum).toBe(MAX_STOCK_UNITS);
  });

  it('refuses a set that would leave available + reserved above it, changing nothing', () => {
    try {
      setAvailableUnits(db, itemId, MAX_STOCK_UNITS, now);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('inventory.above_maximum');
      expect((error as DomainError).extensions).toEqual({
        itemId,
        requestedUnits: MAX_STOCK_UNITS,
        reservedUnits: 5,
        maxUnits: MAX_STOCK_UNITS,
      });
    }
    expect(stockOf(db, itemId)).toEqual({ available_units: 5, reserved_units: 5 });
  });

  it('allows up to the ceiling, and a release then lands exactly on it', () => {
    expect(setAvailableUnits(db, itemId, MAX_STOCK_UNITS - 5, now).availableUnits).toBe(
      MAX_STOCK_UNITS - 5,
    );
    applyOrderOperation(db, { itemId, orderId, type: 'RELEASE', quantity: 5 }, now);
    expect(getInventory(db, itemId, 'full')).toMatchObject({
      availableUnits: MAX_STOCK_UNITS,
      reservedUnits: 0,
    });
  });
});
