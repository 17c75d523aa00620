import { useInput, type Key } from 'ink';
import { useRef } from 'react';

export interface KeyPress {
  input: string;
  key: Key;
  /** Part of a bracketed paste: text to insert, never a command. */
  pasted: boolean;
}

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** One character of a run of plain input, as Ink would report it typed alone. */
function keyOf(char: string): Pick<KeyPress, 'input' | 'key'> {
  const code = char.codePointAt(0) ?? 0;
  if (char === '\r' || char === '\n') return { input: '', key: { ...NO_KEY, return: true } };
  if (char === '\t') return { input: '', key: { ...NO_KEY, tab: true } };
  if (char === '\u007F' || char === '\b') return { input: '', key: { ...NO_KEY, backspace: true } };
  if (code < 0x20) {
    // Ctrl-A … Ctrl-Z arrive as 0x01 … 0x1A; Ink names them by their letter.
    return { input: String.fromCodePoint(code + 0x60), key: { ...NO_KEY, ctrl: true } };
  }
  return { input: char, key: { ...NO_KEY, shift: /[A-Z]/.test(char) } };
}

/** What a terminal sends around a paste once bracketed paste is on (Ink drops the ESC). */
const PASTE_START = new Set(['\u001B[200~', '[200~']);
const PASTE_END = new Set(['\u001B[201~', '[201~']);

export const BRACKETED_PASTE_ON = '\u001B[?2004h';
export const BRACKETED_PASTE_OFF = '\u001B[?2004l';

/**
 * Splits what Ink hands over in one read into single keys. Ink separates escape sequences (arrows)
 * but passes a run of plain characters — a paste, or `d` + Enter typed fast — as one input, so a
 * trailing `\r` would be typed into a field instead of submitting it. `pasting` tracks bracketed
 * paste across reads: inside one, only printable text comes through, flagged `pasted`.
 */
export function splitKeys(input: string, key: Key, pasting: { current: boolean }): KeyPress[] {
  if (PASTE_START.has(input)) {
    pasting.current = true;
    return [];
  }
  if (PASTE_END.has(input)) {
    pasting.current = false;
    return [];
  }
  const chars = [...input];
  const presses = chars.length <= 1 ? [{ input, key }] : chars.map((char) => keyOf(char));
  if (!pasting.current) return presses.map((press) => ({ ...press, pasted: false }));
  return presses
    .filter((press) => press.input !== '' && !press.key.ctrl && !press.key.meta)
    .map((press) => ({ ...press, pasted: true }));
}

/**
 * Ink's useInput, one call per key whatever the terminal bundled into one read. Screens hand each
 * key to a reducer, so every key sees the state the previous one left, as when typed slowly.
 */
export function useKeys(handler: (press: KeyPress) => void): void {
  const pasting = useRef(false);
  useInput((input, key) => {
    for (const press of splitKeys(input, key, pasting)) handler(press);
  });
}
