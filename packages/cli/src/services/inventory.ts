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
