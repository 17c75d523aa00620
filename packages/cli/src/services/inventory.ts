import type { InventoryFull, InventoryQuick } from '@shop/sdk';
import type { Context } from '../context.js';
import { client } from './client.js';

export async function getInventory(
  ctx: Context,
  itemId: string,
  view: 'full' | 'quick',
): Promise<InventoryFull | InventoryQuick> {
  const shop = await client(ctx);
  return view === 'quick' ? shop.inventory.getQuick(itemId) : shop.inventory.get(itemId);
}

export async function setInventory(
  ctx: Context,
  itemId: string,
  units: number,
): Promise<InventoryFull> {
  return (await client(ctx)).inventory.set(itemId, units);
}

/** Requests in flight at once while reading stock for the picker. */
const STOCK_CONCURRENCY = 8;

/**
 * Available units per item, from the quick inventory view. The SDK keeps its ETag, so asking again
 * in the same run (the check before placing an order) costs a 304. An item without an inventory
 * record is left out: its stock is unknown, not zero.
 */
export async function availableUnits(
  ctx: Context,
  itemIds: readonly string[],
): Promise<Map<string, number>> {
  const shop = await client(ctx);
  const units = new Map<string, number>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < itemIds.length) {
      const itemId = itemIds[next++] as string;
      try {
        units.set(itemId, (await shop.inventory.getQuick(itemId)).availableUnits);
      } catch (error) {
        if ((error as { status?: number }).status !== 404) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(STOCK_CONCURRENCY, itemIds.length) }, worker));
  return units;
}
