import { Command } from 'commander';
import { confirm, success, writeJson } from '../../output.js';
import { deleteItem } from '../../services/items.js';
import { action } from '../action.js';
import { examples } from '../help.js';

export function itemsDeleteCommand(): Command {
  return new Command('delete')
    .description('Remove an item and its inventory (admin)')
    .addHelpText('after', examples('shop items delete 65f1c0a2b3d4e5f60718293a --yes'))
    .argument('<itemId>', 'item id')
    .action(
      action(async (ctx, _opts: object, itemId: string) => {
        await confirm(ctx, `Delete item ${itemId} and its inventory?`, `delete item ${itemId}`);
        await deleteItem(ctx, itemId);
        // The API answers 204; --json gets Stripe's shape for a deletion.
        if (ctx.json) return writeJson({ itemId, deleted: true });
        success(ctx, `Deleted item ${itemId}.`);
      }),
    );
}
