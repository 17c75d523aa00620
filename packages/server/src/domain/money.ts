import { invalidField } from './errors.js';

/**
 * API amounts are JSON numbers with at most two decimals; the database keeps integer cents.
 * The spec says so too (`multipleOf: 0.01`), but its validator compares with a float tolerance,
 * so the exact check lives here: a value is accepted when rounding it to cents gives it back.
 *
 * @param field the input's field, for the error (`unitPrice`).
 */
export function toCents(amount: number, field: string): number {
  const cents = Math.round(amount * 100);
  if (!Number.isFinite(amount) || cents / 100 !== amount) {
    throw invalidField(field, 'must have at most two decimal places');
  }
  return cents;
}

/** Integer cents (storage) → the API's decimal number (at most two places, e.g. 19.99). */
export const centsToAmount = (cents: number): number => cents / 100;
