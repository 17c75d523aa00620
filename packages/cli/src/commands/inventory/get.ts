import { Command } from 'commander';
import { getInventory } from '../../services/inventory.js';
import { showInventory } from '../../views.js';
import { action } from '../action.js';
import { examples } from '../help.js';

export function inventoryGetCommand(): Command {
  return new Command('get')
    .description("Show an item's stock")
    .addHelpText(
      'after',
      examples(
        'shop inventory get 65f1c0a2b3d4e5f60718293a',
        'shop inventory get 65f1c0a2b3d4e5f60718293a --quick --json',
      ),
    )
    .argument('<itemId>', 'item id')
    .option('--quick', 'the cacheable quick view: available units and in-stock only')
    .action(
      action(async (ctx, opts: { quick?: boolean }, itemId: string) => {
        showInventory(ctx, await getInventory(ctx, itemId, opts.quick ? 'quick' : 'full'));
      }),
    );
}
