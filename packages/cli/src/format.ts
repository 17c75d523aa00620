const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** `$1,234.50`: the API's decimal dollars, with thousands separators. */
export const money = (amount: number): string => usd.format(amount);
