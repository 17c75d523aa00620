import { createShopClient, NotFoundError } from '@shop/sdk';
import { beforeAll, describe, expect, inject, it } from 'vitest';

const admin = createShopClient({ baseUrl: inject('shopApiUrl') });

beforeAll(async () => {
  await admin.auth.login({ email: 'admin@shop.local', password: 'admin-password' });
});

describe('catalog', () => {
  it('starts from the seed data, whatever the other test files did', async () => {
    const items = await admin.items.list({ size: 100 }).toArray({ limit: 100 });
    expect(items).toHaveLength(12);
  });

  it('adds an item, then removes it', async () => {
    const item = await admin.items.create({
      upc: '000000424242',
      itemName: 'Test fixture lamp',
      unitPrice: 19.99,
    });
    expect(item.itemName).toBe('Test fixture lamp');
    await admin.items.delete(item.itemId);
    await expect(admin.items.get(item.itemId)).rejects.toBeInstanceOf(NotFoundError);
  });
});
