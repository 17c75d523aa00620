import { Command, InvalidArgumentError, Option } from 'commander';
import { listItems, type ItemSortField } from '../../services/items.js';
import { showItemPage } from '../../views.js';
import { action, integer } from '../action.js';
import { examples } from '../help.js';
import { completeWith } from '../../completion.js';

// Every sort field of the contract, in its order: one added to the spec fails the build here.
const SORT_FIELDS = Object.keys({
  itemId: true,
  itemName: true,
  unitPrice: true,
  upc: true,
  createdAt: true,
} satisfies Record<ItemSortField, true>) as readonly ItemSortField[];

/** `--sort unitPrice`, `--sort unitPrice:desc` or `--sort -unitPrice`. */
export function parseSort(value: string): { sortBy: ItemSortField; sortDir: 'asc' | 'desc' } {
  const match = /^(-)?([A-Za-z]+)(?::(asc|desc))?$/.exec(value);
  const field = match?.[2] as ItemSortField | undefined;
  if (!match || !field || !SORT_FIELDS.includes(field) || (match[1] && match[3])) {
    throw new InvalidArgumentError(
      `sort must be one of ${SORT_FIELDS.join(', ')}, optionally with :asc or :desc (or a leading -).`,
    );
  }
  return {
    sortBy: field,
    sortDir: match[1] ? 'desc' : ((match[3] as 'asc' | 'desc' | undefined) ?? 'asc'),
  };
}

export function itemsListCommand(): Command {
  return new Command('list')
    .description('List the catalog, one page at a time')
    .addHelpText(
      'after',
      examples(
        'shop items list',
        'shop items list --sort unitPrice:desc --size 50',
        "shop items list --json | jq -r '.content[].itemName'",
      ),
    )
    .option('--page <n>', 'page number, from 0', integer('page', 0), 0)
    .option('--size <n>', 'items per page (1-100)', integer('size', 1, 100), 20)
    .addOption(
      completeWith(
        new Option(
          '--sort <field[:dir]>',
          `sort by ${SORT_FIELDS.join('|')}, e.g. unitPrice:desc`,
        ).argParser(parseSort),
        SORT_FIELDS.flatMap((field) => [field, `${field}:desc`]),
      ),
    )
    .action(
      action(
        async (ctx, opts: { page: number; size: number; sort?: ReturnType<typeof parseSort> }) => {
          showItemPage(
            ctx,
            await listItems(ctx, { page: opts.page, size: opts.size, ...opts.sort }),
          );
        },
      ),
    );
}
