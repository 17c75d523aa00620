import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ID_SHAPES, checkId } from './ids.js';

interface Parameter {
  name: string;
  in: string;
  schema: { pattern?: string; format?: string };
}

const spec = parse(readFileSync(new URL('../../../openapi.yaml', import.meta.url), 'utf8')) as {
  components: { parameters: Record<string, Parameter> };
};
const pathParameters = Object.values(spec.components.parameters).filter((p) => p.in === 'path');

describe('ID_SHAPES', () => {
  it('has one entry per path parameter of the contract', () => {
    expect(Object.keys(ID_SHAPES).sort()).toEqual(pathParameters.map((p) => p.name).sort());
  });

  it.each(pathParameters)('$name matches the contract', (parameter) => {
    const shape = ID_SHAPES[parameter.name as keyof typeof ID_SHAPES];
    if (parameter.schema.pattern) {
      expect(shape.pattern.source).toBe(parameter.schema.pattern);
    } else {
      expect(parameter.schema.format).toBe('uuid');
      expect(shape.pattern.test(crypto.randomUUID())).toBe(true);
    }
    expect(checkId(parameter.name as keyof typeof ID_SHAPES, shape.example)).toBe(shape.example);
  });

  it('refuses empty, blank and malformed ids with a message naming the id', () => {
    expect(() => checkId('orderId', '')).toThrow('orderId must not be empty.');
    expect(() => checkId('paymentId', ' \t')).toThrow('paymentId must not be empty.');
    expect(() => checkId('itemId', '65F1C0A2B3D4E5F60718293A')).toThrow(
      /itemId must be 24 lowercase hexadecimal characters/,
    );
    expect(() => checkId('orderId', 'a/../b')).toThrow(/orderId must be a UUID/);
  });
});
