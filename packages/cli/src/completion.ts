import type { Argument, Command, Option } from 'commander';

/** What a flag's value or an argument completes to: fixed words, or the profiles, read when asked. */
export type Values = readonly string[] | 'profiles';

/** The hidden command a script runs to read dynamic values (`shop __complete profiles`). */
export const COMPLETE_COMMAND = '__complete';

const registered = new WeakMap<Option | Argument, Values>();

/** Marks what a flag's value or an argument completes to (a `.choices()` list needs no mark). */
export function completeWith<T extends Option | Argument>(target: T, values: Values): T {
  registered.set(target, values);
  return target;
}

function valuesOf(target: Option | Argument): Values | undefined {
  return registered.get(target) ?? target.argChoices;
}

interface OptionNode {
  flag: string;
  description: string;
  takesValue: boolean;
  values: Values | undefined;
}

interface Node {
  path: string[];
  description: string;
  options: OptionNode[];
  /** Positional arguments, in order. */
  args: { name: string; values: Values | undefined }[];
  children: Node[];
}

const visibleOptions = (command: Command): OptionNode[] =>
  (command.options as readonly (Option & { hidden?: boolean })[])
    .filter((option) => !option.hidden && option.long)
    .map((option) => ({
      flag: option.long as string,
      description: option.description,
      takesValue: option.required || option.optional,
      values: valuesOf(option),
    }));

/** The command tree as plain data: what every shell script below is generated from. */
export function commandTree(command: Command, path: string[] = []): Node {
  return {
    path,
    description: command.description(),
    options: visibleOptions(command),
    args: command.registeredArguments.map((argument) => ({
      name: argument.name(),
      values: valuesOf(argument),
    })),
    children: command.commands
      .filter((child) => child.name() !== 'help' && child.name() !== COMPLETE_COMMAND)
      .map((child) => commandTree(child, [...path, child.name()])),
  };
}

function flatten(node: Node): Node[] {
  return [node, ...node.children.flatMap(flatten)];
}

const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/** Global flags offered after a subcommand too (the root offers its own). */
const inherited = (node: Node, root: Node): OptionNode[] =>
  node === root ? [] : root.options.filter((o) => o.flag !== '--version');

/** What may follow a command path: its subcommands; its options, then the global options. */
function candidates(node: Node, root: Node) {
  return {
    subcommands: node.children.map((c) => ({
      word: c.path.at(-1) ?? '',
      description: c.description,
    })),
    flags: [...node.options, ...inherited(node, root)].map((o) => ({
      word: o.flag,
      description: o.description,
    })),
  };
}

/** Shell words that produce `values`: a fixed list, or the output of the hidden command. */
function valueWords(values: Values, bin: string): string {
  return values === 'profiles'
    ? `$(${bin} ${COMPLETE_COMMAND} profiles 2>/dev/null)`
    : shellQuote(values.join(' '));
}

/**
 * Shell text (bash and zsh read it alike) that reads the words typed before the current one:
 * $cmdpath (the subcommands, e.g. "orders list"), $npos (how many positional arguments follow
 * them), $prev (the word before the current one) and $skip (set when the current word is the
 * value of the flag in $prev). Then $values gets the values to offer for that flag or argument.
 */
function scanWords(root: Node, bin: string, first: number, last: string, word: string): string {
  const nodes = flatten(root);
  const valueFlags = new Set(
    nodes.flatMap((n) => n.options.filter((o) => o.takesValue).map((o) => o.flag)),
  );
  const childPairs = nodes.flatMap((n) =>
    n.children.map((c) => shellQuote(`${n.path.join(' ')}>${c.path.at(-1) ?? ''}`)),
  );
  const flagValues = nodes.flatMap((n) =>
    n.options
      .filter((o) => o.values)
      .map((o) => {
        // A global flag's values apply after any subcommand.
        const key =
          n === root ? `*${shellQuote(`>${o.flag}`)}` : shellQuote(`${n.path.join(' ')}>${o.flag}`);
        return `      ${key}) values=${valueWords(o.values as Values, bin)} ;;`;
      }),
  );
  // Root flags last: `case` takes the first match, and theirs match after any path.
  flagValues.sort(
    (a, b) => Number(a.trimStart().startsWith('*')) - Number(b.trimStart().startsWith('*')),
  );
  const argValues = nodes.flatMap((n) =>
    n.args.flatMap((arg, index) =>
      arg.values
        ? [
            `      ${shellQuote(`${n.path.join(' ')}>${index}`)}) values=${valueWords(arg.values, bin)} ;;`,
          ]
        : [],
    ),
  );
  return `  local cmdpath="" npos=0 skip="" prev="" values="" w i
  for ((i = ${first}; i < ${last}; i++)); do
    w=${word}
    prev=$w
    if [[ -n $skip ]]; then skip=""; continue; fi
    case "$w" in
      ${[...valueFlags].join('|')}) skip=1 ;;
      -*) ;;
      *)
        case "$cmdpath>$w" in
          ${childPairs.join('|')}) cmdpath="\${cmdpath:+$cmdpath }$w" ;;
          *) npos=$((npos + 1)) ;;
        esac ;;
    esac
  done
  if [[ -n $skip ]]; then
    case "$cmdpath>$prev" in
${flagValues.join('\n')}
    esac
  else
    case "$cmdpath>$npos" in
${argValues.join('\n')}
    esac
  fi`;
}

export function bashScript(root: Node, bin: string): string {
  const cases = flatten(root)
    .map((node) => {
      const { subcommands, flags } = candidates(node, root);
      const words = (list: { word: string }[]): string =>
        shellQuote(list.map((c) => c.word).join(' '));
      return `    ${shellQuote(node.path.join(' '))}) subs=${words(subcommands)} flags=${words(flags)} ;;`;
    })
    .join('\n');
  // _reply reads compgen's lines one by one: COMPREPLY=($(…)) would glob `order.*` and `*`
  // against the current folder's files (and mapfile is missing from macOS's bash 3.2). bash puts
  // a candidate on the line as it is, so each is escaped (%q) or the command would glob it later.
  return `# ${bin} completion for bash. Load it with: source <(${bin} completion bash)
_${bin}_reply() {
  local w
  COMPREPLY=()
  while IFS= read -r w; do
    printf -v w '%q' "$w"
    COMPREPLY+=("$w")
  done < <(compgen -W "$1" -- "$2")
}
_${bin}_complete() {
  local cur=\${COMP_WORDS[COMP_CWORD]} subs="" flags=""
${scanWords(root, bin, 1, 'COMP_CWORD', '${COMP_WORDS[i]}')}
  if [[ -n $skip ]]; then
    _${bin}_reply "$values" "$cur"
    return
  fi
  case "$cmdpath" in
${cases}
  esac
  # Flags once a "-" is typed; otherwise subcommands, or the values of the next argument.
  if [[ $cur == -* ]]; then
    _${bin}_reply "$flags" "$cur"
  elif [[ $npos -eq 0 ]]; then
    _${bin}_reply "$subs $values" "$cur"
  else
    _${bin}_reply "$values" "$cur"
  fi
}
complete -o default -F _${bin}_complete ${bin}
`;
}

export function zshScript(root: Node, bin: string): string {
  const entry = (name: string, description: string): string =>
    shellQuote(`${name.replace(/:/g, '\\:')}:${description.replace(/\n/g, ' ')}`);
  const cases = flatten(root)
    .map((node) => {
      const { subcommands, flags } = candidates(node, root);
      const entries = (list: { word: string; description: string }[]): string =>
        list.map((c) => entry(c.word, c.description)).join(' ');
      return `    ${shellQuote(node.path.join(' '))}) subs=(${entries(subcommands)}) flags=(${entries(flags)}) ;;`;
    })
    .join('\n');
  return `#compdef ${bin}
# ${bin} completion for zsh. Load it with: source <(${bin} completion zsh)
_${bin}() {
  local -a subs flags
${scanWords(root, bin, 2, 'CURRENT', '${words[i]}')}
  if [[ -n $skip ]]; then
    compadd -- \${=values}
    return
  fi
  case "$cmdpath" in
${cases}
  esac
  # Flags once a "-" is typed; otherwise subcommands, or the values of the next argument.
  if [[ $PREFIX == -* ]]; then
    _describe '${bin}' flags
    return
  fi
  [[ $npos -eq 0 ]] && _describe '${bin}' subs
  [[ -n $values ]] && compadd -- \${=values}
  return 0
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then _${bin} "$@"; else compdef _${bin} ${bin}; fi
`;
}

export function fishScript(root: Node, bin: string): string {
  // fish expands -a's words like a command line: an unescaped `*` (`order.*`) would glob the
  // current directory's files, or vanish when none match.
  const values = (v: Values): string =>
    v === 'profiles'
      ? `'(${bin} ${COMPLETE_COMMAND} profiles 2>/dev/null)'`
      : shellQuote(v.map((word) => word.replace(/[*?]/g, '\\$&')).join(' '));
  const optionLine = (option: OptionNode, condition?: string): string =>
    [
      `complete -c ${bin}`,
      ...(condition ? [`-n ${shellQuote(condition)}`] : []),
      `-l ${option.flag.slice(2)}`,
      ...(option.values ? [`-xa ${values(option.values)}`] : option.takesValue ? ['-r'] : []),
      `-d ${shellQuote(option.description)}`,
    ].join(' ');
  const lines = [
    `# ${bin} completion for fish. Load it with: ${bin} completion fish | source`,
    `complete -c ${bin} -f`,
  ];
  for (const option of root.options) lines.push(optionLine(option));
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
    if (node === root) continue;
    for (const option of node.options) lines.push(optionLine(option, seen.join('; and ')));
    const argValues = node.args.flatMap((arg) => (arg.values ? [arg.values] : []));
    for (const v of argValues)
      lines.push(`complete -c ${bin} -n ${shellQuote(condition)} -a ${values(v)}`);
  }
  return `${lines.join('\n')}\n`;
}
