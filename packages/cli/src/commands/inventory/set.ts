import { Command } from 'commander';
import { setInventory } from '../../services/inventory.js';
import { showInventory } from '../../views.js';
import { action, integer } from '../action.js';

export function inventorySetCommand(): Command {
  return new Command('set')
    .description("Set an item's available units (admin)")
    .argument('<itemId>', 'item id')
    .argument('<units>', 'available units', integer('units', 0, 1_000_000_000))
    .action(
      action(async (ctx, _opts: object, itemId: string, units: number) => {
        showInventory(ctx, await setInventory(ctx, itemId, units));
      }),
    );
}
