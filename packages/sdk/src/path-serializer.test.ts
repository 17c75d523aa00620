import { defaultPathSerializer } from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { pathSerializer } from './path-serializer.js';

describe('pathSerializer', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['http://h/api/items/{itemId}', { itemId: '65a1b2c3d4e5f60718293a4b' }],
    ['http://h/api/payments/{paymentId}/refund', { paymentId: 'a b/c?d#e%' }],
    ['http://h/api/items/upc/{upc}', { upc: 12345 }],
    ['http://h/a/{x}/b/{y}', { x: true, y: 'ü' }],
    // Left to the default: a missing value, arrays, objects, label, matrix and exploded styles.
    ['http://h/api/items/{itemId}', {}],
    ['http://h/a/{x}', { x: ['1', '2'] }],
    ['http://h/a/{x}', { x: { k: 'v' } }],
    ['http://h/a/{.x}', { x: 'v' }],
    ['http://h/a/{;x}', { x: 'v' }],
    ['http://h/a/{x*}', { x: ['1', '2'] }],
  ];

  it.each(cases)('fills %s as openapi-fetch does', (template, params) => {
    // Twice: the first call parses the template, the second uses the parsed one.
    expect(pathSerializer(template, params)).toBe(defaultPathSerializer(template, params));
    expect(pathSerializer(template, params)).toBe(defaultPathSerializer(template, params));
  });
});
