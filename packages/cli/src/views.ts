import type {
  Account,
  InventoryFull,
  InventoryQuick,
  Item,
  ItemPage,
  Order,
  OrderPage,
  OrderStatus,
  Payment,
  PaymentPage,
  PaymentStatus,
  ShopEvent,
} from '@shop/sdk';
import type { Context } from './context.js';
import type { Fixture, FixtureStep } from './fixtures/index.js';
import type { ApiResponse } from './services/api.js';
import { money } from './format.js';
import {
  formatDate,
  paint,
  writeFields,
  writeJson,
  writeLine,
  writeTable,
  type Column,
} from './output.js';
import { io } from './io.js';

/** --json gets the API's JSON untouched; a person gets `human`. */
export function present<T>(ctx: Context, data: T, human: (data: T) => void): void {
  if (ctx.json) writeJson(data);
  else human(data);
}

type StatusStyle = 'green' | 'red' | 'yellow' | 'dim';

// Every order status has a colour (a status added to the spec fails the build here); UPDATED
// payments keep the terminal's.
const STATUS_STYLE: Readonly<Record<string, StatusStyle>> = {
  PAID: 'green',
  SUCCESS: 'green',
  PAYMENT_FAILED: 'red',
  FAILED: 'red',
  CANCELLED: 'dim',
  REFUNDED: 'yellow',
  PENDING: 'yellow',
  INVENTORY_RESERVED: 'yellow',
} satisfies Record<OrderStatus, StatusStyle> & Partial<Record<PaymentStatus, StatusStyle>>;

function statusText(color: boolean, status: string): string {
  return paint(color, STATUS_STYLE[status] ?? 'reset', status);
}

function pageFooter(
  ctx: Context,
  page: { number: number; totalPages: number; totalElements: number; last: boolean },
  next: string,
): void {
  const where =
    page.totalElements === 0
      ? 'Nothing here.'
      : // Counted from 1 as in the picker; the hint below holds the API's 0-based --page value.
        `Page ${page.number + 1} of ${page.totalPages}, ${page.totalElements} in all.`;
  const more = page.last ? '' : ` Next: ${next} --page ${page.number + 1}`;
  io().stderr.write(`${paint(ctx.color.stderr, 'dim', `${where}${more}`)}\n`);
}

const itemColumns: Column<Item>[] = [
  { header: 'ITEM ID', value: (i) => i.itemId },
  { header: 'UPC', value: (i) => i.upc },
  { header: 'NAME', value: (i) => i.itemName, shrink: true },
  { header: 'PRICE', value: (i) => money(i.unitPrice), align: 'right' },
];

export function showItemPage(ctx: Context, page: ItemPage): void {
  present(ctx, page, () => {
    if (page.content.length > 0) writeTable(ctx, page.content, itemColumns);
    pageFooter(ctx, page, 'shop items list');
  });
}

export function showItem(ctx: Context, item: Item): void {
  present(ctx, item, () =>
    writeFields(ctx, [
      ['Item', item.itemId],
      ['UPC', item.upc],
      ['Name', item.itemName],
      ['Price', money(item.unitPrice)],
      ['Pictures', item.pictureUrls.length ? item.pictureUrls.join(', ') : '-'],
      ['Metadata', Object.keys(item.metadata ?? {}).length ? JSON.stringify(item.metadata) : '-'],
      ['Created', formatDate(item.createdAt)],
      ['Updated', formatDate(item.updatedAt)],
    ]),
  );
}

export function showInventory(ctx: Context, inventory: InventoryFull | InventoryQuick): void {
  present(ctx, inventory, () => {
    const fields: [string, string][] = [
      ['Item', inventory.itemId],
      ['Available', String(inventory.availableUnits)],
    ];
    if ('reservedUnits' in inventory) {
      fields.push(
        ['Reserved', String(inventory.reservedUnits)],
        ['Updated', formatDate(inventory.updatedAt)],
      );
    } else {
      fields.push(['In stock', inventory.inStock ? 'yes' : 'no']);
    }
    writeFields(ctx, fields);
  });
}

export function showAccount(ctx: Context, account: Account): void {
  present(ctx, account, () =>
    writeFields(ctx, [
      ['Account', account.accountId],
      ['Email', account.email],
      ['Username', account.username],
      ['Role', account.role],
      ['Payment method', account.paymentMethod],
      ['Shipping address', account.shippingAddress ?? '-'],
      ['Billing address', account.billingAddress ?? '-'],
      ['Created', formatDate(account.createdAt)],
    ]),
  );
}

export function showOrder(ctx: Context, order: Order): void {
  present(ctx, order, () => {
    writeFields(ctx, [
      ['Order', order.orderId],
      ['Status', statusText(ctx.color.stdout, order.status)],
      ['Total', money(order.totalAmount)],
      ['Payment', order.paymentId ?? '-'],
      ...(order.failureReason ? ([['Failure', order.failureReason]] as [string, string][]) : []),
      ['Created', formatDate(order.createdAt)],
      ['Updated', formatDate(order.updatedAt)],
    ]);
    writeLine();
    writeTable(ctx, order.items, [
      { header: 'ITEM ID', value: (l) => l.itemId },
      { header: 'NAME', value: (l) => l.itemName, shrink: true },
      { header: 'QTY', value: (l) => String(l.quantity), align: 'right' },
      { header: 'PRICE', value: (l) => money(l.unitPrice), align: 'right' },
      { header: 'TOTAL', value: (l) => money(l.lineTotal), align: 'right' },
    ]);
  });
}

export function showOrderPage(ctx: Context, page: OrderPage, status?: OrderStatus): void {
  present(ctx, page, () => {
    if (page.content.length > 0) {
      writeTable(ctx, page.content, [
        { header: 'ORDER ID', value: (o) => o.orderId },
        { header: 'STATUS', value: (o) => o.status },
        {
          header: 'ITEMS',
          value: (o) => String(o.items.reduce((n, l) => n + l.quantity, 0)),
          align: 'right',
          // Left out on a narrow terminal (before the whole ids and money would have to wrap).
          optional: true,
        },
        { header: 'TOTAL', value: (o) => money(o.totalAmount), align: 'right' },
        { header: 'CREATED', value: (o) => formatDate(o.createdAt), optional: true },
      ]);
    }
    pageFooter(ctx, page, `shop orders list${status ? ` --status ${status}` : ''}`);
  });
}

export function showPayment(ctx: Context, payment: Payment): void {
  present(ctx, payment, () =>
    writeFields(ctx, [
      ['Payment', payment.paymentId],
      ['Order', payment.orderId],
      ['Status', statusText(ctx.color.stdout, payment.status)],
      ['Amount', money(payment.amount)],
      ['Method', payment.paymentMethod],
      ...(payment.failureReason
        ? ([['Failure', payment.failureReason]] as [string, string][])
        : []),
      ['Created', formatDate(payment.createdAt)],
      ['Refunded', formatDate(payment.refundedAt)],
    ]),
  );
}

export function showPaymentPage(ctx: Context, page: PaymentPage, orderId?: string): void {
  present(ctx, page, () => {
    if (page.content.length > 0) {
      writeTable(ctx, page.content, [
        { header: 'PAYMENT ID', value: (p) => p.paymentId },
        // A second whole id: left out on a narrow terminal (`shop payments get` shows it).
        { header: 'ORDER ID', value: (p) => p.orderId, optional: true },
        { header: 'STATUS', value: (p) => p.status },
        { header: 'AMOUNT', value: (p) => money(p.amount), align: 'right' },
        { header: 'CREATED', value: (p) => formatDate(p.createdAt), optional: true },
      ]);
    }
    pageFooter(ctx, page, `shop payments list${orderId ? ` --order ${orderId}` : ''}`);
  });
}

/**
 * `shop api`: the body as the API sent it (JSON pretty-printed), or the merged contents of every
 * page; `--include` puts the status line and headers on stderr, so stdout stays the body.
 */
export function showApiResponse(
  _ctx: Context,
  response: ApiResponse,
  options: { include: boolean; items?: unknown[] },
): void {
  if (options.include) {
    const lines = [`HTTP ${response.status} ${response.statusText}`.trimEnd()];
    for (const [name, value] of response.headers) lines.push(`${name}: ${value}`);
    io().stderr.write(`${lines.join('\n')}\n\n`);
  }
  const body = options.items ?? response.body;
  if (body === undefined) return;
  if (typeof body === 'string') writeLine(body);
  else writeJson(body);
}

/** A step of `shop trigger` as it finishes, on stderr (nothing under --json). */
export function showTriggerStep(ctx: Context, step: FixtureStep, result: unknown): void {
  if (ctx.json) return;
  const r = (result ?? {}) as Partial<Order & Payment & Item & Account & { quantity: number }>;
  const what =
    step.kind === 'findItem'
      ? `item ${r.itemId ?? '-'}${r.itemName ? ` (${r.itemName})` : ''} × ${r.quantity ?? '-'}`
      : step.kind === 'register'
        ? `account ${r.email ?? '-'} paying with ${r.paymentMethod ?? '-'}`
        : step.kind === 'refund'
          ? `payment ${r.paymentId ?? '-'} ${r.status ?? ''}`
          : step.kind === 'cancel' && (result as Order | undefined)?.status === 'PAID'
            ? `order ${r.orderId ?? '-'} PAID already, so the server refunds it`
            : `order ${r.orderId ?? '-'} ${r.status ?? ''}`;
  io().stderr.write(
    `${paint(ctx.color.stderr, 'dim', `${step.kind} ${step.name}: ${what.trimEnd()}`)}\n`,
  );
}

/** The end of a trigger that got its event (nothing more under --json: stdout is the events). */
export function showTriggerDone(
  ctx: Context,
  expected: string,
  outcome: { events: readonly ShopEvent[]; elapsedMs: number },
): void {
  if (ctx.json) return;
  const seconds = (outcome.elapsedMs / 1000).toFixed(1);
  writeLine(
    `${paint(ctx.color.stdout, 'green', '✓')} ${expected} arrived after ${seconds} s (${outcome.events.length} event(s) caused).`,
  );
}

/** `shop trigger --list`: each fixture, what else it triggers and what it causes. */
export function showFixtures(ctx: Context, fixtures: readonly Fixture[]): void {
  present(ctx, fixtures, () =>
    writeTable(ctx, fixtures, [
      { header: 'EVENT', value: (f) => f.event },
      { header: 'ALSO TRIGGERS', value: (f) => f.aliases.join(', ') || '-' },
      { header: 'CAUSES', value: (f) => f.causes.join(', ') },
      { header: 'WHAT IT DOES', value: (f) => f.description, shrink: true, optional: true },
    ]),
  );
}
