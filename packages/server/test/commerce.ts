/** Helpers shared by the orders and payments route tests (on top of @shop/test-kit). */
import { client, type Client, type Reply } from '@shop/test-kit';

export const inventoryOf = async (url: string, itemId: string) =>
  (await client(url).get(`/api/inventory/${itemId}`)).body as {
    availableUnits: number;
    reservedUnits: number;
  };

/** Polls a GET until `done` holds (the payment worker runs on its own timers). */
export async function pollUntil(
  api: Client,
  path: string,
  done: (body: Record<string, unknown>) => boolean,
): Promise<Reply> {
  for (let i = 0; i < 400; i++) {
    const res = await api.get(path);
    if (res.status === 200 && done(res.body)) return res;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${path} never reached the expected state`);
}
