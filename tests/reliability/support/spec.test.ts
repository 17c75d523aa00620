import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invalid, valid } from './arbitraries.js';
import { loadOperations } from './spec.js';

const ops = await loadOperations();

describe('loadOperations', () => {
  it('finds every operation of the contract with its refs resolved', () => {
    expect(ops.map((o) => o.operationId)).toEqual(
      expect.arrayContaining([
        'createOrder',
        'getInventory',
        'refundPayment',
        'login',
        'getHealth',
      ]),
    );
    expect(JSON.stringify(ops)).not.toContain('$ref');
    const createItem = ops.find((o) => o.operationId === 'createItem')!;
    // Sibling keywords win over the referenced schema (Money + maximum).
    expect(createItem.body?.properties?.unitPrice).toMatchObject({
      type: 'number',
      maximum: 1_000_000,
    });
    expect(createItem.secured).toBe(true);
  });

  it('generates valid values that keep the schema bounds, and invalid ones that break them', () => {
    const line = ops.find((o) => o.operationId === 'createOrder')!.body!;
    for (const value of fc.sample(valid(line), { seed: 1, numRuns: 200 }) as {
      items: { itemId: string; quantity: number }[];
    }[]) {
      expect(value.items.length).toBeGreaterThanOrEqual(1);
      for (const item of value.items) {
        expect(item.itemId).toMatch(/^[0-9a-f]{24}$/);
        expect(Number.isInteger(item.quantity) && item.quantity >= 1 && item.quantity <= 1000).toBe(
          true,
        );
      }
    }
    const quantity = { type: 'integer', minimum: 1, maximum: 1000 };
    for (const value of fc.sample(invalid(quantity), { seed: 1, numRuns: 200 })) {
      expect(
        typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 1000,
      ).toBe(false);
    }
  });
});
