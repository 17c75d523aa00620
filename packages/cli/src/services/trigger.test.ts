import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { fixtureFor, type Fixture } from '../fixtures/index.js';
import { applyOverrides, parseOverride, resolveReferences } from './trigger.js';

const paid = fixtureFor('order.paid') as Fixture;

describe('parseOverride', () => {
  it('reads JSON values, and anything else as text', () => {
    expect(parseOverride('order.items[0].quantity=5')).toEqual({
      path: 'order.items[0].quantity',
      value: 5,
    });
    expect(parseOverride('paid.until=["PAID"]').value).toEqual(['PAID']);
    expect(parseOverride('order.items[0].itemId=65f1c2d3e4f5a6b7c8d9e0f1').value).toBe(
      '65f1c2d3e4f5a6b7c8d9e0f1',
    );
    expect(parseOverride('account.email=a=b@example.test').value).toBe('a=b@example.test');
  });

  it('needs a path and a value', () => {
    expect(() => parseOverride('=5')).toThrow(UsageError);
    expect(() => parseOverride('order.items')).toThrow(UsageError);
  });
});

describe('applyOverrides', () => {
  it("sets a param inside the named step's params, leaving the fixture unchanged", () => {
    const steps = applyOverrides(paid, [{ path: 'order.items[0].quantity', value: 5 }]);
    expect(steps.find((step) => step.name === 'order')?.params).toEqual({
      items: [{ itemId: '${item.itemId}', quantity: 5 }],
    });
    expect(paid.steps.find((step) => step.name === 'order')?.params).toEqual({
      items: [{ itemId: '${item.itemId}', quantity: '${item.quantity}' }],
    });
  });

  it('refuses a step the fixture does not have, naming its steps', () => {
    expect(() => applyOverrides(paid, [{ path: 'basket.items', value: [] }])).toThrow(
      /no step basket/,
    );
  });
});

describe('resolveReferences', () => {
  const results = { item: { itemId: 'abc', quantity: 2 }, account: { email: 'a@example.test' } };

  it('keeps the type of a whole reference and interpolates one inside text', () => {
    expect(
      resolveReferences(
        {
          items: [{ itemId: '${item.itemId}', quantity: '${item.quantity}' }],
          note: 'for ${account.email}',
        },
        results,
      ),
    ).toEqual({ items: [{ itemId: 'abc', quantity: 2 }], note: 'for a@example.test' });
  });

  it('fails on a reference no earlier step produced', () => {
    expect(() => resolveReferences('${order.orderId}', results)).toThrow(
      /refers to \$\{order\.orderId\}/,
    );
  });
});
