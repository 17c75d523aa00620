import { Argument, Command } from 'commander';
import { openConfig } from '../config.js';
import { COMPLETE_COMMAND, bashScript, commandTree, fishScript, zshScript } from '../completion.js';
import { io } from '../io.js';
import { examples } from './help.js';

const SHELLS = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;

export function completionCommand(): Command {
  return (
    new Command('completion')
      .description('Print a shell completion script (bash, zsh or fish)')
      .addArgument(new Argument('<shell>', 'the shell').choices(Object.keys(SHELLS)))
      .addHelpText(
        'after',
        examples(
          'source <(shop completion bash)   # bash: add to ~/.bashrc',
          'source <(shop completion zsh)    # zsh: add to ~/.zshrc',
          'shop completion fish > ~/.config/fish/completions/shop.fish',
        ),
      )
      // No context: completion reads no configuration and makes no request.
      .action((shell: keyof typeof SHELLS, _opts: object, command: Command) => {
        let root = command;
        while (root.parent) root = root.parent;
        io().stdout.write(SHELLS[shell](commandTree(root), root.name()));
      })
  );
}

/**
 * `shop __complete profiles`: the values a completion script cannot know in advance, one a line.
 * Hidden; it never fails loudly (a broken config file just completes nothing).
 */
export function completeValuesCommand(): Command {
  return new Command(COMPLETE_COMMAND)
    .addArgument(new Argument('<kind>').choices(['profiles']))
    .action(() => {
      try {
        const config = openConfig();
        const names = new Set([config.currentProfile(), ...Object.keys(config.profiles())]);
        io().stdout.write(
          [...names]
            .sort()
            .map((name) => `${name}\n`)
            .join(''),
        );
      } catch {
        // Nothing to offer.
      }
    });
}
