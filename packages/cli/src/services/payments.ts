import type { Payment, PaymentPage } from '@shop/sdk';
import type { Context } from '../context.js';
import { client } from './client.js';

export async function getPayment(ctx: Context, paymentId: string): Promise<Payment> {
  return (await client(ctx)).payments.get(paymentId);
}

export async function listPayments(
  ctx: Context,
  query: { orderId?: string; page: number; size: number },
): Promise<PaymentPage> {
  const { page, ...rest } = query;
  return (await client(ctx)).payments.list(rest).page(page);
}

export async function refundPayment(ctx: Context, paymentId: string): Promise<Payment> {
  return (await client(ctx)).payments.refund(paymentId);
}
