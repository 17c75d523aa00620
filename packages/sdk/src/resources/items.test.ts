import { newUpc } from '@shop/test-kit';
import { describe, expect, it } from 'vitest';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import type { Item } from '../types.js';
import { client, clientAs, useShop } from '../../test/server.js';

const env = useShop();

describe('items', () => {
  it('walks every item across pages, fetching each page once, lazily', async () => {
    const { shop, attempts } = client(env.url);
    const first = await shop.items.list({ size: 5 }).page();
    expect(first.totalElements).toBeGreaterThan(10);
    attempts.length = 0;

    const seen: Item[] = [];
    for await (const item of shop.items.list({ size: 5, sortBy: 'itemName' })) seen.push(item);
    expect(seen).toHaveLength(first.totalElements);
    expect(new Set(seen.map((i) => i.itemId)).size).toBe(seen.length);
    const names = seen.map((i) => i.itemName);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(attempts).toHaveLength(first.totalPages);

    // Breaking out after the first page leaves the rest unfetched.
    attempts.length = 0;
    for await (const item of shop.items.list({ size: 5 })) {
      expect(item.itemId).toBeTruthy();
      break;
    }
    expect(attempts).toHaveLength(1);
  });

  it('returns one page as the API shapes it, from a given page number', async () => {
    const { shop } = client(env.url);
    const list = shop.items.list({ size: 5, page: 1 });
    const page = await list.page();
    expect(page).toMatchObject({ number: 1, size: 5, first: false });
    expect(page.content).toHaveLength(5);
    expect((await list.page(0)).first).toBe(true);
  });

  it('leaves an undefined query value out of the request, as a missing one', async () => {
    const { shop, attempts } = client(env.url);
    const page = await shop.items
      .list({ size: undefined, sortBy: undefined, page: undefined })
      .page();
    expect(page).toMatchObject({ number: 0, size: 20 });
    expect(new URL(attempts[0]?.url ?? '').search).toBe('?page=0');
  });

  it('collects to an array only with a limit, fetching no more pages than needed', async () => {
    const { shop, attempts } = client(env.url);
    const list = shop.items.list({ size: 5 });
    // @ts-expect-error -- the limit is required
    await expect(list.toArray()).rejects.toBeInstanceOf(TypeError);
    const seven = await list.toArray({ limit: 7 });
    expect(seven).toHaveLength(7);
    expect(attempts).toHaveLength(2);
  });

  it('creates, reads, updates and deletes an item as admin', async () => {
    const { shop } = await clientAs(env.url, 'admin');
    const upc = newUpc();
    const created = await shop.items.create({ upc, itemName: 'SDK Mug', unitPrice: 12.5 });
    expect(created).toMatchObject({ upc, itemName: 'SDK Mug', unitPrice: 12.5, pictureUrls: [] });
    expect(await shop.items.get(created.itemId)).toEqual(created);
    expect(await shop.items.getByUpc(upc)).toEqual(created);
    const updated = await shop.items.update(created.itemId, { unitPrice: 13.99 });
    expect(updated.unitPrice).toBe(13.99);
    await expect(shop.items.delete(created.itemId)).resolves.toBeUndefined();
    await expect(shop.items.get(created.itemId)).rejects.toMatchObject({
      name: 'NotFoundError',
      code: 'item.not_found',
    });
  });

  it('throws ForbiddenError when a customer writes the catalog', async () => {
    const { shop } = await clientAs(env.url, 'customer');
    const error = await shop.items
      .create({ upc: newUpc(), itemName: 'Nope', unitPrice: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ status: 403, code: 'auth.forbidden' });
  });

  it('throws ConflictError for a taken UPC', async () => {
    const { shop } = await clientAs(env.url, 'admin');
    const upc = newUpc();
    await shop.items.create({ upc, itemName: 'First', unitPrice: 1 });
    await expect(shop.items.create({ upc, itemName: 'Second', unitPrice: 1 })).rejects.toSatisfy(
      (e: unknown) => e instanceof ConflictError && e.code === 'item.upc_taken',
    );
  });

  it('throws BadRequestError for a malformed id and a price with three decimals', async () => {
    const { shop } = await clientAs(env.url, 'admin');
    const badId = await shop.items.get('not-an-id').catch((e: unknown) => e);
    expect(badId).toBeInstanceOf(BadRequestError);
    expect((badId as BadRequestError).errors[0]?.path).toMatch(/itemId/);
    const badPrice = await shop.items
      .create({ upc: newUpc(), itemName: 'Odd', unitPrice: 1.999 })
      .catch((e: unknown) => e);
    expect(badPrice).toBeInstanceOf(BadRequestError);
    expect((badPrice as BadRequestError).errors.map((e) => e.path)).toContain('/body/unitPrice');
  });

  it('throws NotFoundError for an unknown UPC', async () => {
    const { shop } = client(env.url);
    await expect(shop.items.getByUpc('000000000000')).rejects.toBeInstanceOf(NotFoundError);
  });
});
