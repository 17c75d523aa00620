import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { centsToAmount, toCents } from './money.js';

describe('toCents', () => {
  it('turns two-decimal amounts into integer cents and back', () => {
    expect(toCents(19.99, 'unitPrice')).toBe(1999);
    expect(centsToAmount(toCents(0.1, 'unitPrice'))).toBe(0.1);
  });

  it('refuses sub-cent digits naming the field of its input, not an HTTP location', () => {
    let thrown: unknown;
    try {
      toCents(1.00001, 'unitPrice');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({
      code: 'validation.failed',
      fields: [{ field: 'unitPrice', message: 'must have at most two decimal places' }],
      extensions: {},
    });
    expect((thrown as Error).message).not.toContain('/body');
  });
});
