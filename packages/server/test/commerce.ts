/** Helpers shared by the orders and payments route tests (on top of ./helpers.ts). */
import { api, type Api, type ApiResponse } from './helpers.js';

let upc = 700_000_000_000 + Math.floor(Math.random() * 1_000_000) * 1000;

/** Creates an item (as admin) with `units` available; returns its id. */
export async function stockedItem(
  admin: Api,
  units: number,
  { unitPrice = 12.5, itemName = 'Widget' }: { unitPrice?: number; itemName?: string } = {},
): Promise<string> {
  const item = await admin.post('/api/items', { upc: String(upc++), itemName, unitPrice });
  if (item.status !== 201)
    throw new Error(`createItem failed: ${item.status} ${JSON.stringify(item.body)}`);
  const itemId = item.body.itemId as string;
  if (units > 0) {
    const set = await admin.put(`/api/inventory/${itemId}`, { availableUnits: units });
    if (set.status !== 200) throw new Error(`setInventory failed: ${set.status}`);
  }
  return itemId;
}

export const inventoryOf = async (url: string, itemId: string) =>
  (await api(url).get(`/api/inventory/${itemId}`)).body as {
    availableUnits: number;
    reservedUnits: number;
  };

/** Polls a GET until `done` holds (the payment worker runs on its own timers). */
export async function pollUntil(
  client: Api,
  path: string,
  done: (body: Record<string, unknown>) => boolean,
): Promise<ApiResponse> {
  for (let i = 0; i < 400; i++) {
    const res = await client.get(path);
    if (res.status === 200 && done(res.body)) return res;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${path} never reached the expected state`);
}
