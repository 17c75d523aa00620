import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConflictError, UnprocessableEntityError } from '../errors.js';
import { client, stockedItem, useShop } from '../../test/server.js';

const env = useShop();

describe('inventory', () => {
  it('reads the full view and sets the available units', async () => {
    const itemId = await stockedItem(env.admin, 7);
    expect(await env.admin.inventory.get(itemId)).toMatchObject({
      itemId,
      availableUnits: 7,
      reservedUnits: 0,
    });
    expect(await env.admin.inventory.set(itemId, 3)).toMatchObject({ availableUnits: 3 });
  });

  it('revalidates the quick view by ETag: an unchanged item comes back 304 from the cache', async () => {
    const itemId = await stockedItem(env.admin, 4);
    const { shop, attempts } = client(env.url);
    const first = await shop.inventory.getQuick(itemId);
    expect(first).toEqual({ itemId, availableUnits: 4, inStock: true });
    const second = await shop.inventory.getQuick(itemId);
    expect(second).toEqual(first);
    expect(attempts.map((a) => a.status)).toEqual([200, 304]);

    await env.admin.inventory.set(itemId, 0);
    expect(await shop.inventory.getQuick(itemId)).toEqual({
      itemId,
      availableUnits: 0,
      inStock: false,
    });
    expect(attempts.map((a) => a.status)).toEqual([200, 304, 200]);
  });

  it('applies a reservation once per operationId', async () => {
    const itemId = await stockedItem(env.admin, 10);
    const operation = {
      operationId: randomUUID(),
      orderId: randomUUID(),
      type: 'RESERVE' as const,
      quantity: 3,
    };
    const first = await env.admin.inventory.applyOperation(itemId, operation);
    expect(first).toMatchObject({ ...operation, itemId, availableUnits: 7 });
    expect(await env.admin.inventory.applyOperation(itemId, operation)).toEqual(first);
    expect((await env.admin.inventory.get(itemId)).availableUnits).toBe(7);

    const reused = await env.admin.inventory
      .applyOperation(itemId, { ...operation, quantity: 4 })
      .catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(UnprocessableEntityError);
    expect(reused).toMatchObject({ code: 'inventory.operation_conflict' });
  });

  it('throws ConflictError when a reservation exceeds the stock', async () => {
    const itemId = await stockedItem(env.admin, 2);
    const error = await env.admin.inventory
      .applyOperation(itemId, {
        operationId: randomUUID(),
        orderId: randomUUID(),
        type: 'RESERVE',
        quantity: 5,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 'inventory.insufficient' });
  });

  it('still answers the deprecated available-units call', async () => {
    const itemId = await stockedItem(env.admin, 9);
    expect(await env.admin.inventory.getAvailableUnits(itemId)).toBe(9);
  });
});
