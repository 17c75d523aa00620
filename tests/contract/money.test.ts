import { describe, expect, it } from 'vitest';
import { makeAjv } from './spec-ajv.js';

// Money's rules (more than zero, at most two decimals) are in the schema itself, so a client
// generated from the contract by any tool rejects what the server rejects.

const ajv = makeAjv();
const validator = (pointer: string) => {
  const validate = ajv.getSchema(`openapi.json#${pointer}`);
  if (!validate) throw new Error(`no schema at ${pointer}`);
  return (value: unknown): boolean => validate(value) === true;
};

describe('Money', () => {
  const money = validator('/components/schemas/Money');

  it.each([0.01, 0.1, 0.3, 1.15, 5.5, 19.99, 45.48, 999999.99, 1000000, 49999999999.99])(
    'accepts %d',
    (value) => expect(money(value)).toBe(true),
  );

  it.each([0, -1, -0.01, 0.001, 0.005, 19.999, 1.001, 1.005, 12.345])('rejects %d', (value) =>
    expect(money(value)).toBe(false),
  );

  it('says its rules as JSON Schema, not only in prose', () => {
    const schema = ajv.getSchema('openapi.json#/components/schemas/Money')?.schema;
    expect(schema).toMatchObject({ type: 'number', minimum: 0.01, multipleOf: 0.01 });
  });
});

describe('item prices', () => {
  for (const name of ['ItemCreate', 'ItemUpdate']) {
    const unitPrice = validator(`/components/schemas/${name}/properties/unitPrice`);
    it(`${name}.unitPrice is Money up to 1000000`, () => {
      expect(unitPrice(19.99)).toBe(true);
      expect(unitPrice(1000000)).toBe(true);
      expect(unitPrice(1000000.01)).toBe(false);
      expect(unitPrice(19.999)).toBe(false);
      expect(unitPrice(0)).toBe(false);
    });
  }
});
