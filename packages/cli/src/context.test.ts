import { describe, expect, it } from 'vitest';
import { colorEnabled } from './context.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe('colorEnabled', () => {
  it('colours a terminal and not a pipe by default', () => {
    expect(colorEnabled({}, tty, {})).toBe(true);
    expect(colorEnabled({}, pipe, {})).toBe(false);
    expect(colorEnabled({}, tty, { TERM: 'dumb' })).toBe(false);
  });

  it('honours NO_COLOR (non-empty) and FORCE_COLOR, FORCE_COLOR first', () => {
    expect(colorEnabled({}, tty, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({}, tty, { NO_COLOR: '' })).toBe(true);
    expect(colorEnabled({}, pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled({}, pipe, { FORCE_COLOR: '' })).toBe(true);
    expect(colorEnabled({}, tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorEnabled({}, tty, { FORCE_COLOR: 'false' })).toBe(false);
    expect(colorEnabled({}, pipe, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
  });

  it('lets --color and --no-color win over the environment, and never colours --json', () => {
    expect(colorEnabled({ color: false }, tty, { FORCE_COLOR: '1' })).toBe(false);
    expect(colorEnabled({ color: true }, pipe, { NO_COLOR: '1' })).toBe(true);
    expect(colorEnabled({ color: true, json: true }, tty, {})).toBe(false);
  });
});
