import { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { getItem } from '../../services/items.js';
import { showItem } from '../../views.js';
import { action } from '../action.js';
import { examples } from '../help.js';

export function itemsGetCommand(): Command {
  return new Command('get')
    .description('Show an item, by id or by --upc')
    .addHelpText(
      'after',
      examples(
        'shop items get 65f1c0a2b3d4e5f60718293a',
        'shop items get --upc 012345678905 --json',
      ),
    )
    .argument('[itemId]', 'item id (24 hex characters)')
    .option('--upc <upc>', 'look the item up by its UPC instead')
    .action(
      action(async (ctx, opts: { upc?: string }, itemId?: string) => {
        if ((itemId === undefined) === (opts.upc === undefined)) {
          throw new UsageError(
            'Give either an item id or --upc, not both.',
            'e.g. shop items get --upc 012345678905',
          );
        }
        showItem(ctx, await getItem(ctx, { itemId, upc: opts.upc }));
      }),
    );
}
