import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMPLETE_COMMAND } from './completion.js';
import { buildProgram } from './program.js';

/** The full help text of a command, as `--help` prints it (with the "after" text). */
function helpOf(command: Command): string {
  let text = '';
  command.configureOutput({ writeOut: (chunk) => (text += chunk) });
  command.outputHelp();
  return text;
}

function leaves(command: Command): Command[] {
  // `help` and the hidden `__complete` (for completion scripts) are not for people.
  const children = command.commands.filter(
    (child) => !['help', COMPLETE_COMMAND].includes(child.name()),
  );
  return children.length ? children.flatMap(leaves) : [command];
}

describe('every command', () => {
  const commands = leaves(buildProgram());
  const name = (command: Command): string => {
    const parts: string[] = [];
    for (let c: Command | null = command; c?.parent; c = c.parent) parts.unshift(c.name());
    return parts.join(' ');
  };

  it.each(commands.map((command) => [name(command), command] as const))(
    '`shop %s --help` shows an example of itself and the global flags',
    (path, command) => {
      const help = helpOf(command);
      const examples = help.slice(help.indexOf('\nExamples:\n'));
      expect(examples).toMatch(new RegExp(`^ {2}.*\\bshop ${path}( |$)`, 'm'));
      expect(help).toContain('Global Options:');
      expect(help).toContain('--json');
    },
  );
});
