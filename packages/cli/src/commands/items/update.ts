import { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { updateItem } from '../../services/items.js';
import { showItem } from '../../views.js';
import { action } from '../action.js';
import { itemBody, itemFieldOptions, type ItemFieldFlags } from './fields.js';
import { examples } from '../help.js';

export function itemsUpdateCommand(): Command {
  return itemFieldOptions(
    new Command('update')
      .description('Change an item (admin)')
      .addHelpText(
        'after',
        examples(
          'shop items update 65f1c0a2b3d4e5f60718293a --price 19.99',
          'shop items update 65f1c0a2b3d4e5f60718293a --metadata \'{"color":"red"}\'',
        ),
      )
      .argument('<itemId>', 'item id'),
  ).action(
    action(async (ctx, opts: ItemFieldFlags, itemId: string) => {
      const body = itemBody(opts);
      if (Object.keys(body).length === 0) {
        throw new UsageError(
          'Nothing to change.',
          'Pass at least one of --upc, --name, --price, --picture-url, --metadata.',
        );
      }
      showItem(ctx, await updateItem(ctx, itemId, body));
    }),
  );
}
