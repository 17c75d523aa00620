import { Argument, Command } from 'commander';
import { bashScript, commandTree, fishScript, zshScript } from '../completion.js';
import { io } from '../io.js';

const SHELLS = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;

export function completionCommand(): Command {
  return (
    new Command('completion')
      .description('Print a shell completion script (bash, zsh or fish)')
      .addArgument(new Argument('<shell>', 'the shell').choices(Object.keys(SHELLS)))
      .addHelpText(
        'after',
        '\nLoad it:\n  bash: source <(shop completion bash)   (add to ~/.bashrc)\n  zsh:  source <(shop completion zsh)    (add to ~/.zshrc)\n  fish: shop completion fish > ~/.config/fish/completions/shop.fish',
      )
      // No context: completion reads no configuration and makes no request.
      .action((shell: keyof typeof SHELLS, _opts: object, command: Command) => {
        let root = command;
        while (root.parent) root = root.parent;
        io().stdout.write(SHELLS[shell](commandTree(root), root.name()));
      })
  );
}
