import { DomainError } from './errors.js';

/**
 * API amounts are JSON numbers with at most two decimals; the database keeps integer cents.
 * The spec says so too (`multipleOf: 0.01`), but its validator compares with a float tolerance,
 * so the exact check lives here: a value is accepted when rounding it to cents gives it back.
 *
 * @param path JSON pointer for the problem's `errors[].path`, e.g. `/body/unitPrice`.
 */
export function toCents(amount: number, path: string): number {
  const cents = Math.round(amount * 100);
  if (!Number.isFinite(amount) || cents / 100 !== amount) {
    const message = 'must have at most two decimal places';
    throw new DomainError(
      'validation.failed',
      `The request has 1 invalid value: ${path} ${message}.`,
      {
        errors: [{ path, message }],
      },
    );
  }
  return cents;
}

/** Integer cents (storage) → the API's decimal number (at most two places, e.g. 19.99). */
export const centsToAmount = (cents: number): number => cents / 100;
