// Type tests: checked by `tsc --noEmit` (pnpm typecheck) and `vitest --typecheck`. Each
// `@ts-expect-error` fails the check if the line below it ever compiles.
import { describe, expectTypeOf, it } from 'vitest';
import type { RateLimitedError, ShopApiError } from './index.js';
import {
  createShopClient,
  type Item,
  type ItemPage,
  type Order,
  type OrderPage,
  type Page,
  type PagedList,
  type Payment,
  type PaymentPage,
} from './index.js';

const shop = createShopClient({ token: 't' });

describe('resource types', () => {
  it('returns the schema types', () => {
    expectTypeOf(shop.orders.get('id')).resolves.toEqualTypeOf<Order>();
    expectTypeOf(shop.items.list()).toEqualTypeOf<PagedList<Item>>();
    expectTypeOf(shop.payments.refund('id')).resolves.toEqualTypeOf<Payment>();
    expectTypeOf(shop.items.delete('id')).resolves.toBeVoid();
    expectTypeOf(shop.inventory.getAvailableUnits('id')).resolves.toBeNumber();
  });

  it('rejects wrong parameters', () => {
    // @ts-expect-error -- sortBy is an enum of the spec
    void shop.items.list({ sortBy: 'price' });
    // @ts-expect-error -- quantity is a number
    void shop.orders.create({ items: [{ itemId: 'x', quantity: '2' }] });
    // @ts-expect-error -- request bodies are closed (additionalProperties: false)
    void shop.orders.create({ items: [], coupon: 'FREE' });
    // @ts-expect-error -- itemId is required
    void shop.items.get();
    // @ts-expect-error -- not an order status
    void shop.orders.waitFor('id', { until: ['SHIPPED'] });
    // @ts-expect-error -- the status filter is an order status
    void shop.orders.list({ status: 'DONE' });
    // @ts-expect-error -- collecting demands a limit
    void shop.orders.list().toArray();
    // @ts-expect-error -- availableUnits is a number
    void shop.inventory.set('id', '5');
    // @ts-expect-error -- an unknown option
    createShopClient({ retries: 3 });
  });

  it('types the raw client from the spec', () => {
    // @ts-expect-error -- the path parameter is required
    void shop.raw.GET('/api/orders/{orderId}');
    // @ts-expect-error -- no such path
    void shop.raw.GET('/api/carts');
    // @ts-expect-error -- no such method on this path
    void shop.raw.PATCH('/api/orders/{orderId}', { params: { path: { orderId: 'x' } } });
    expectTypeOf(
      shop.raw.GET('/api/orders/{orderId}', { params: { path: { orderId: 'x' } } }),
    ).resolves.toHaveProperty('response');
  });
});

describe('Page<T>', () => {
  it('is the shape of every page schema', () => {
    expectTypeOf<ItemPage>().toEqualTypeOf<Page<Item>>();
    expectTypeOf<OrderPage>().toEqualTypeOf<Page<Order>>();
    expectTypeOf<PaymentPage>().toEqualTypeOf<Page<Payment>>();
  });
});

describe('errors', () => {
  it('carries the problem fields', () => {
    expectTypeOf<ShopApiError['code']>().toBeString();
    expectTypeOf<ShopApiError['requestId']>().toEqualTypeOf<string | null>();
    expectTypeOf<RateLimitedError['retryAfterSeconds']>().toEqualTypeOf<number | null>();
  });
});

describe('request bodies with server-side defaults', () => {
  it('leave the defaulted fields optional, straight from the generated schema', () => {
    const client = createShopClient({ baseUrl: 'http://localhost' });
    expectTypeOf(client.accounts.create).toBeCallableWith({
      email: 'a@example.com',
      username: 'a',
      password: 'correct horse battery',
    });
    expectTypeOf(client.items.create).toBeCallableWith({
      upc: '1',
      itemName: 'Widget',
      unitPrice: 1,
    });
  });
});
