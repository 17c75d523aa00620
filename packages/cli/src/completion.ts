import type { Command, Option } from 'commander';

interface Node {
  path: string[];
  description: string;
  options: { flag: string; description: string; takesValue: boolean }[];
  children: Node[];
}

const visibleOptions = (command: Command): Node['options'] =>
  (command.options as readonly (Option & { hidden?: boolean })[])
    .filter((option) => !option.hidden && option.long)
    .map((option) => ({
      flag: option.long as string,
      description: option.description,
      takesValue: option.required || option.optional,
    }));

/** The command tree as plain data: what every shell script below is generated from. */
export function commandTree(command: Command, path: string[] = []): Node {
  return {
    path,
    description: command.description(),
    options: visibleOptions(command),
    children: command.commands
      .filter((child) => child.name() !== 'help')
      .map((child) => commandTree(child, [...path, child.name()])),
  };
}

function flatten(node: Node): Node[] {
  return [node, ...node.children.flatMap(flatten)];
}

const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/** What may follow a command path: its subcommands, its options, then the global options. */
function candidates(node: Node, root: Node): { word: string; description: string }[] {
  const globals = node === root ? [] : root.options.filter((o) => o.flag !== '--version');
  return [
    ...node.children.map((c) => ({ word: c.path.at(-1) ?? '', description: c.description })),
    ...[...node.options, ...globals].map((o) => ({ word: o.flag, description: o.description })),
  ];
}

/**
 * Shell text (bash and zsh read it alike) that collects the subcommand words typed so far into
 * $cmdpath, skipping flags and the values of flags that take one.
 */
function scanCommandPath(root: Node, first: number, last: string, word: string): string {
  const valueFlags = new Set(
    flatten(root).flatMap((n) => n.options.filter((o) => o.takesValue).map((o) => o.flag)),
  );
  return `  local cmdpath="" skip="" w i
  for ((i = ${first}; i < ${last}; i++)); do
    w=${word}
    if [[ -n $skip ]]; then skip=""; continue; fi
    case "$w" in
      ${[...valueFlags].join('|')}) skip=1 ;;
      -*) ;;
      *) cmdpath="\${cmdpath:+$cmdpath }$w" ;;
    esac
  done`;
}

export function bashScript(root: Node, bin: string): string {
  const cases = flatten(root)
    .map((node) => {
      const words = candidates(node, root).map((c) => c.word);
      return `    ${shellQuote(node.path.join(' '))}) words=${shellQuote(words.join(' '))} ;;`;
    })
    .join('\n');
  return `# ${bin} completion for bash. Load it with: source <(${bin} completion bash)
_${bin}_complete() {
  local cur=\${COMP_WORDS[COMP_CWORD]} words=""
${scanCommandPath(root, 1, 'COMP_CWORD', '${COMP_WORDS[i]}')}
  case "$cmdpath" in
${cases}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _${bin}_complete ${bin}
`;
}

export function zshScript(root: Node, bin: string): string {
  const entry = (name: string, description: string): string =>
    shellQuote(`${name.replace(/:/g, '\\:')}:${description.replace(/\n/g, ' ')}`);
  const cases = flatten(root)
    .map((node) => {
      const entries = candidates(node, root).map((c) => entry(c.word, c.description));
      return `    ${shellQuote(node.path.join(' '))}) candidates=(${entries.join(' ')}) ;;`;
    })
    .join('\n');
  return `#compdef ${bin}
# ${bin} completion for zsh. Load it with: source <(${bin} completion zsh)
_${bin}() {
  local -a candidates
${scanCommandPath(root, 2, 'CURRENT', '${words[i]}')}
  case "$cmdpath" in
${cases}
  esac
  _describe '${bin}' candidates
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then _${bin} "$@"; else compdef _${bin} ${bin}; fi
`;
}

export function fishScript(root: Node, bin: string): string {
  const lines = [
    `# ${bin} completion for fish. Load it with: ${bin} completion fish | source`,
    `complete -c ${bin} -f`,
  ];
  for (const option of root.options) {
    lines.push(
      `complete -c ${bin} -l ${option.flag.slice(2)}${option.takesValue ? ' -r' : ''} -d ${shellQuote(option.description)}`,
    );
  }
  for (const node of flatten(root)) {
    // A node is "current" when its path has been typed and none of its children yet.
    const seen = node.path.map((word) => `__fish_seen_subcommand_from ${word}`);
    const notChild = node.children.length
      ? [`not __fish_seen_subcommand_from ${node.children.map((c) => c.path.at(-1)).join(' ')}`]
      : [];
    const condition =
      node === root ? '__fish_use_subcommand' : [...seen, ...notChild].join('; and ');
    for (const child of node.children) {
      lines.push(
        `complete -c ${bin} -n ${shellQuote(condition)} -a ${child.path.at(-1)} -d ${shellQuote(child.description)}`,
      );
    }
    if (node !== root) {
      for (const option of node.options) {
        lines.push(
          `complete -c ${bin} -n ${shellQuote(seen.join('; and '))} -l ${option.flag.slice(2)}${option.takesValue ? ' -r' : ''} -d ${shellQuote(option.description)}`,
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
