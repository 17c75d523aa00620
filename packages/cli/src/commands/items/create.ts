import { Command } from 'commander';
import type { ItemCreate } from '@shop/sdk';
import { UsageError } from '../../errors.js';
import { success } from '../../output.js';
import { createItem } from '../../services/items.js';
import { present, showItem } from '../../views.js';
import { action } from '../action.js';
import { itemBody, itemFieldOptions, type ItemFieldFlags } from './fields.js';
import { examples } from '../help.js';

export function itemsCreateCommand(): Command {
  return itemFieldOptions(
    new Command('create')
      .description('Add an item to the catalog (admin)')
      .addHelpText(
        'after',
        examples("shop items create --upc 012345678905 --name 'Yoga mat' --price 24.99"),
      ),
  ).action(
    action(async (ctx, opts: ItemFieldFlags) => {
      if (!opts.upc || !opts.name || opts.price === undefined) {
        throw new UsageError(
          'An item needs a UPC, a name and a price.',
          'Pass --upc <upc> --name <name> --price <amount>.',
        );
      }
      const item = await createItem(ctx, itemBody(opts) as ItemCreate);
      present(ctx, item, () => {
        success(
          ctx,
          `Created item ${item.itemId} (stock 0; set it with \`shop inventory set ${item.itemId} <units>\`).`,
        );
        showItem(ctx, item);
      });
    }),
  );
}
