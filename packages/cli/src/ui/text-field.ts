import type { KeyPress } from './keys.js';

export type FieldEdit =
  { type: 'change'; value: string } | { type: 'submit' } | { type: 'cancel' } | { type: 'ignore' };

/**
 * One key applied to a single-line text field. A pure function, so a screen's reducer can run it
 * for every key of a burst in order; a pasted line break never submits.
 */
export function editField(value: string, { input, key, pasted }: KeyPress): FieldEdit {
  if (key.return) return pasted ? { type: 'ignore' } : { type: 'submit' };
  if (key.escape) return { type: 'cancel' };
  if (key.backspace || key.delete)
    return { type: 'change', value: [...value].slice(0, -1).join('') };
  // Ctrl-U clears the line, as in a shell.
  if (key.ctrl && input === 'u') return { type: 'change', value: '' };
  if (!input || key.ctrl || key.meta || key.tab) return { type: 'ignore' };
  return { type: 'change', value: value + input };
}
