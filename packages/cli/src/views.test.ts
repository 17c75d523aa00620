import { PassThrough } from 'node:stream';
import type { Order, OrderPage, Payment, PaymentPage } from '@shop/sdk';
import { describe, expect, it } from 'vitest';
import type { Context } from './context.js';
import { withIo } from './io.js';
import { showOrderPage, showPaymentPage } from './views.js';

/** What a view prints on a terminal `columns` wide. */
async function printed(columns: number, show: () => void): Promise<string[]> {
  const stdout = Object.assign(new PassThrough(), { isTTY: true, columns });
  const stderr = new PassThrough();
  let text = '';
  stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  await withIo(
    {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stderr: stderr as unknown as NodeJS.WriteStream,
    },
    async () => show(),
  );
  return text.split('\n').filter(Boolean);
}

const ctx = { json: false, color: { stdout: false, stderr: false } } as Context;
const page = <T>(content: T[]) => ({
  content,
  number: 0,
  size: 20,
  totalElements: content.length,
  totalPages: 1,
  first: true,
  last: true,
});

const order = (status: Order['status']): Order => ({
  orderId: crypto.randomUUID(),
  userId: crypto.randomUUID(),
  status,
  totalAmount: 1234.5,
  items: [
    {
      itemId: '65f1c0a2b3d4e5f60718293a',
      itemName: 'Mat',
      unitPrice: 1234.5,
      quantity: 1,
      lineTotal: 1234.5,
    },
  ],
  paymentId: null,
  failureReason: null,
  createdAt: '2026-12-06T10:00:00Z',
  updatedAt: '2026-12-06T10:00:00Z',
});

const payment = (status: Payment['status']): Payment => ({
  paymentId: crypto.randomUUID(),
  orderId: crypto.randomUUID(),
  amount: 1234.5,
  status,
  paymentMethod: 'pm_card_visa',
  failureReason: null,
  createdAt: '2026-12-06T10:00:00Z',
  updatedAt: '2026-12-06T10:00:00Z',
  refundedAt: null,
});

describe('lists on a 60-column terminal', () => {
  it('orders: every row on one line, ids and totals whole', async () => {
    const orders = [order('PAID'), order('CANCELLED'), order('REFUNDED')];
    const lines = await printed(60, () => showOrderPage(ctx, page(orders) as OrderPage));
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(60);
    for (const o of orders) expect(lines.some((l) => l.startsWith(o.orderId))).toBe(true);
    expect(lines.filter((l) => l.includes('$1,234.50'))).toHaveLength(3);
  });

  it('payments: every row on one line, the payment id and the amount whole', async () => {
    const payments = [payment('SUCCESS'), payment('REFUNDED')];
    const lines = await printed(60, () => showPaymentPage(ctx, page(payments) as PaymentPage));
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(60);
    for (const p of payments) expect(lines.some((l) => l.startsWith(p.paymentId))).toBe(true);
    expect(lines.filter((l) => l.includes('$1,234.50'))).toHaveLength(2);
  });

  it('a wide terminal keeps every column', async () => {
    const lines = await printed(160, () =>
      showPaymentPage(ctx, page([payment('SUCCESS')]) as PaymentPage),
    );
    expect(lines[0]).toMatch(/PAYMENT ID +ORDER ID +STATUS +AMOUNT +CREATED/);
  });
});
