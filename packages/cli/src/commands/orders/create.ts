import { Command, InvalidArgumentError } from 'commander';
import type { Context } from '../../context.js';
import { CliError, ExitCode, InterruptedError, UsageError } from '../../errors.js';
import { note, renderScreen } from '../../output.js';
import { availableUnits } from '../../services/inventory.js';
import { catalog } from '../../services/items.js';
import { createOrder } from '../../services/orders.js';
import type { CartLine } from '../../ui/OrderWizard.js';
import { showOrder } from '../../views.js';
import { action, integer, requireLogin } from '../action.js';
import { checkId } from '../../ids.js';
import { followOrder } from './follow.js';
import { examples } from '../help.js';

export interface OrderLineFlag {
  itemId: string;
  quantity: number;
}

/** `--item <itemId>:<qty>`; the quantity defaults to 1. */
export function parseItemFlag(value: string): OrderLineFlag {
  const match = /^([^:\s]+)(?::(\d+))?$/.exec(value);
  const quantity = Number(match?.[2] ?? 1);
  if (!match?.[1] || quantity < 1 || quantity > 1000) {
    throw new InvalidArgumentError(
      'expected <itemId>:<quantity> with a quantity from 1 to 1000, e.g. 65f1c2d3e4f5a6b7c8d9e0f1:2.',
    );
  }
  return { itemId: checkId('itemId', match[1]), quantity };
}

const CATALOG_LIMIT = 1000;

async function pickInteractively(ctx: Context): Promise<OrderLineFlag[]> {
  const items = await catalog(ctx, CATALOG_LIMIT);
  if (items.length === 0) throw new CliError('The catalog is empty: there is nothing to order.');
  if (items.length === CATALOG_LIMIT)
    note(ctx, `Showing the first ${CATALOG_LIMIT} items by name.`);
  const stock = await availableUnits(
    ctx,
    items.map((item) => item.itemId),
  );
  const [{ OrderWizard }, { createElement }] = await Promise.all([
    import('../../ui/OrderWizard.js'),
    import('react'),
  ]);
  const cart = await renderScreen<CartLine[]>(
    ctx,
    (done, fail) =>
      createElement(OrderWizard, {
        items: items.map((item) => ({ ...item, available: stock.get(item.itemId) })),
        onSubmit: done,
        onCancel: () =>
          fail(new CliError('Cancelled; no order was placed.', { code: 'cli.cancelled' })),
      }),
    () => new InterruptedError('No order was placed.'),
  );
  // Stock may have moved while the cart was filled: check again (a 304 when it has not) rather
  // than place an order that would fail.
  const now = await availableUnits(
    ctx,
    cart.map((line) => line.itemId),
  );
  for (const line of cart) {
    const available = now.get(line.itemId);
    if (available !== undefined && available < line.quantity) {
      throw new CliError(
        `Only ${available} of ${line.itemName} available now; the cart has ${line.quantity}. No order was placed.`,
        {
          code: 'cli.stock_changed',
          exitCode: ExitCode.conflict,
          hint: 'Run `shop orders create` again.',
        },
      );
    }
  }
  return cart.map(({ itemId, quantity }) => ({ itemId, quantity }));
}

export function ordersCreateCommand(): Command {
  return new Command('create')
    .description('Place an order: with --item flags, or pick from the catalog on a terminal')
    .option(
      '--item <itemId:qty>',
      'an item and its quantity (repeatable)',
      (value, previous: OrderLineFlag[] = []) => [...previous, parseItemFlag(value)],
    )
    .option('--idempotency-key <key>', 'reuse a key to retry safely without ordering twice')
    .option('--wait', 'follow the order until it is paid or fails')
    .option('--timeout <seconds>', 'how long --wait waits', integer('timeout', 1, 3600), 120)
    .addHelpText(
      'after',
      examples(
        'shop orders create                      # pick from the catalog (terminal only)',
        'shop orders create --item 65f1c2d3e4f5a6b7c8d9e0f1:2 --wait --json',
      ),
    )
    .action(
      action(
        async (
          ctx,
          opts: {
            item?: OrderLineFlag[];
            idempotencyKey?: string;
            wait?: boolean;
            timeout: number;
          },
        ) => {
          let lines = opts.item;
          const picked = !lines?.length;
          if (!lines?.length) {
            if (!ctx.interactive) {
              throw new UsageError(
                'No items to order, and no terminal to pick them on.',
                'Pass --item <itemId>:<quantity> (repeatable), e.g. shop orders create --item 65f1c2d3e4f5a6b7c8d9e0f1:2',
              );
            }
            requireLogin(ctx);
            lines = await pickInteractively(ctx);
          }
          const order = await createOrder(ctx, { items: lines }, opts.idempotencyKey);
          if (opts.wait || picked) {
            return followOrder(ctx, order.orderId, {
              timeoutMs: opts.timeout * 1000,
              initial: order,
            });
          }
          showOrder(ctx, order);
        },
      ),
    );
}
