/**
 * The payment method of an account that names none: the contract's default for
 * `AccountCreate.paymentMethod`, also used for an order or payment request that carries none.
 */
export const DEFAULT_PAYMENT_METHOD = 'pm_card_visa';
