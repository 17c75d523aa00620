import { Command } from 'commander';
import { setInventory } from '../../services/inventory.js';
import { showInventory } from '../../views.js';
import { action, integer } from '../action.js';
import { examples } from '../help.js';

export function inventorySetCommand(): Command {
  return new Command('set')
    .description("Set an item's available units (admin)")
    .addHelpText('after', examples('shop inventory set 65f1c0a2b3d4e5f60718293a 25'))
    .argument('<itemId>', 'item id')
    .argument('<units>', 'available units', integer('units', 0, 1_000_000_000))
    .action(
      action(async (ctx, _opts: object, itemId: string, units: number) => {
        showInventory(ctx, await setInventory(ctx, itemId, units));
      }),
    );
}
