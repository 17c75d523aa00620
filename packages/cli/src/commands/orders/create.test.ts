import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseItemFlag } from './create.js';

describe('--item <itemId>:<qty>', () => {
  it('reads an id and a quantity, 1 when left out', () => {
    expect(parseItemFlag('6b074049028e967570fef13b:3')).toEqual({
      itemId: '6b074049028e967570fef13b',
      quantity: 3,
    });
    expect(parseItemFlag('6b074049028e967570fef13b')).toEqual({
      itemId: '6b074049028e967570fef13b',
      quantity: 1,
    });
  });

  it.each(['x:0', 'x:1001', 'x:-1', ':2', 'x:2.5', 'a b:1'])('rejects %s', (value) => {
    expect(() => parseItemFlag(value)).toThrow(InvalidArgumentError);
  });
});
