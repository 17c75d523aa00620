import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, SETTLED_STATUSES } from './orders.js';

const contract = readFileSync(new URL('../../../../openapi.yaml', import.meta.url), 'utf8');

describe('order statuses', () => {
  it("are the contract's, in its order (the --status choices)", () => {
    const listed = /\n {4}OrderStatus:\n {6}type: string\n {6}enum: \[([^\]]+)\]/.exec(
      contract,
    )?.[1];
    expect(ORDER_STATUSES).toEqual(listed?.split(',').map((status) => status.trim()));
  });

  it('settle everywhere but while stock or payment is pending', () => {
    expect(SETTLED_STATUSES).toEqual(['PAID', 'PAYMENT_FAILED', 'FAILED', 'CANCELLED', 'REFUNDED']);
  });
});
