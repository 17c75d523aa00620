import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { closestTemplates, findOperation, operationList } from './operations.js';

const spec = parse(readFileSync(new URL('../../../openapi.yaml', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, unknown>>;
};

describe('operations', () => {
  it('lists every operation of the contract', () => {
    const methods = new Set(['get', 'put', 'post', 'delete', 'patch']);
    const fromSpec = Object.entries(spec.paths).flatMap(([template, item]) =>
      Object.keys(item)
        .filter((key) => methods.has(key))
        .map((method) => `${method.toUpperCase()} ${template}`),
    );
    expect(
      operationList()
        .map((op) => `${op.method} ${op.template}`)
        .sort(),
    ).toEqual(fromSpec.sort());
  });

  it('matches concrete paths and reads their parameters', () => {
    expect(
      findOperation('post', '/api/payments/5b9c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d/refund'),
    ).toEqual({
      found: {
        method: 'POST',
        template: '/api/payments/{paymentId}/refund',
        params: { paymentId: '5b9c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d' },
        keyed: true,
        paged: false,
      },
    });
    expect(findOperation('GET', '/api/items/upc/012345678905')).toMatchObject({
      found: { template: '/api/items/upc/{upc}', params: { upc: '012345678905' } },
    });
    expect(findOperation('PATCH', '/api/items/x')).toEqual({
      wrongMethod: { template: '/api/items/{itemId}', methods: ['GET', 'PUT', 'DELETE'] },
    });
    expect(findOperation('GET', '/api/payments//refund')).toEqual({ unknownPath: true });
    expect(findOperation('GET', '/api/nothing')).toEqual({ unknownPath: true });
  });

  it('suggests the closest template, not counting ids as typos', async () => {
    expect(await closestTemplates('/api/ordrs')).toEqual(['/api/orders']);
    expect(await closestTemplates('/api/order/8d2e5f47-1c3b-4a6d-9f80-b7e6c5d4a321')).toEqual([
      '/api/orders/{orderId}',
    ]);
    expect(await closestTemplates('/api/inventory/65f1c0a2b3d4e5f60718293a/operation')).toEqual([
      '/api/inventory/{itemId}/operations',
    ]);
  });
});
