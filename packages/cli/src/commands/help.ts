/** The "Examples:" block at the end of a command's help; every command has one (program.test.ts). */
export function examples(...lines: readonly string[]): string {
  return `\nExamples:\n${lines.map((line) => `  ${line}`).join('\n')}`;
}
