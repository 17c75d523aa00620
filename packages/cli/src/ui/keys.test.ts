import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { splitKeys } from './keys.js';

const plain = {} as Key;

describe('splitKeys', () => {
  it('splits a run of plain input into the keys a person would type', () => {
    const keys = splitKeys('ab\r\u007F\u0003', plain, { current: false });
    expect(keys.map(({ input, key }) => [input, key.return, key.backspace, key.ctrl])).toEqual([
      ['a', false, false, false],
      ['b', false, false, false],
      ['', true, false, false],
      ['', false, true, false],
      ['c', false, false, true],
    ]);
  });

  it('passes a single key through as Ink parsed it', () => {
    const key = { upArrow: true } as Key;
    expect(splitKeys('', key, { current: false })).toEqual([{ input: '', key, pasted: false }]);
  });

  it('keeps only text inside a bracketed paste, across reads', () => {
    const pasting = { current: false };
    expect(splitKeys('\u001B[200~', plain, pasting)).toEqual([]);
    expect(pasting.current).toBe(true);
    const text = splitKeys('pw\r\n', plain, pasting);
    expect(text.map((press) => [press.input, press.pasted])).toEqual([
      ['p', true],
      ['w', true],
    ]);
    expect(splitKeys('[201~', plain, pasting)).toEqual([]);
    expect(pasting.current).toBe(false);
  });
});
