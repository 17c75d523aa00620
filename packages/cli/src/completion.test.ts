import { describe, expect, it } from 'vitest';
import { bashScript, commandTree, fishScript, zshScript } from './completion.js';
import { buildProgram } from './program.js';

type Node = ReturnType<typeof commandTree>;
const paths = (node: Node): string[] => [
  ...(node.path.length ? [node.path.join(' ')] : []),
  ...node.children.flatMap(paths),
];

describe('the command tree', () => {
  const tree = commandTree(buildProgram());

  it('has every command the CLI promises', () => {
    expect(paths(tree).sort()).toEqual(
      [
        'login',
        'logout',
        'whoami',
        'accounts',
        'accounts create',
        'accounts get',
        'accounts update',
        'items',
        'items list',
        'items get',
        'items create',
        'items update',
        'items delete',
        'inventory',
        'inventory get',
        'inventory set',
        'orders',
        'orders create',
        'orders list',
        'orders get',
        'orders cancel',
        'orders watch',
        'payments',
        'payments get',
        'payments list',
        'payments refund',
        'events',
        'events list',
        'events get',
        'events deliveries',
        'events resend',
        'webhooks',
        'webhooks create',
        'webhooks list',
        'webhooks get',
        'webhooks update',
        'webhooks delete',
        'webhooks rotate-secret',
        'webhooks test',
        'webhooks recover',
        'config',
        'config list',
        'config get',
        'config set',
        'config unset',
        'profiles',
        'profiles list',
        'profiles use',
        'trigger',
        'api',
        'completion',
        'listen',
      ].sort(),
    );
  });

  it('knows the global flags and which flags take a value', () => {
    expect(tree.options.map((o) => o.flag)).toEqual(
      expect.arrayContaining([
        '--api-url',
        '--profile',
        '--json',
        '--no-color',
        '--verbose',
        '--yes',
      ]),
    );
    const create = tree.children
      .find((c) => c.path[0] === 'orders')
      ?.children.find((c) => c.path[1] === 'create');
    expect(create?.options).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ flag: '--item', takesValue: true }),
        expect.objectContaining({ flag: '--wait', takesValue: false }),
      ]),
    );
  });

  it("completes --type and --events with the contract's event types and families", () => {
    type Node = ReturnType<typeof commandTree>;
    const all = (node: Node): Node[] => [node, ...node.children.flatMap(all)];
    const flag = (path: string, name: string) =>
      all(tree)
        .find((c) => c.path.join(' ') === path)
        ?.options.find((o) => o.flag === name);
    // Every flag that takes event types offers the same words, listen's included.
    for (const [path, name] of [
      ['events list', '--type'],
      ['webhooks create', '--events'],
      ['webhooks update', '--events'],
      ['listen', '--events'],
    ] as const) {
      expect(flag(path, name)?.values).toEqual(
        expect.arrayContaining([
          'order.paid',
          'payment.failed',
          'ping',
          'order.*',
          'payment.*',
          '*',
        ]),
      );
    }
    expect(flag('webhooks create', '--scope')?.values).toEqual(['own', 'all']);
    expect(bashScript(tree, 'shop')).toContain("'events list>--type') values='order.created ");
  });

  it('gives zsh descriptions and fish conditions per subcommand', () => {
    expect(zshScript(tree, 'shop')).toContain("'orders create') subs=() flags=(");
    expect(fishScript(tree, 'shop')).toContain(
      "complete -c shop -n '__fish_seen_subcommand_from orders; and not __fish_seen_subcommand_from create list get cancel watch' -a watch",
    );
  });
});
