// Built on first use: setting up ICU's currency data takes longer than a short command's own
// work, and most commands (every --json one) never print a price.
let usd: Intl.NumberFormat | undefined;

/** `$1,234.50`: the API's decimal dollars, with thousands separators. */
export const money = (amount: number): string =>
  (usd ??= new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' })).format(amount);
