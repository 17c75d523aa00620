/** Integer cents (storage) → the API's decimal number (at most two places, e.g. 19.99). */
export const centsToAmount = (cents: number): number => cents / 100;
