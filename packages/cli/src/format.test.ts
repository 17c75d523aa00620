import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('money', () => {
  it('builds its currency formatter on first use, not at import (ICU set-up costs every command start-up time)', async () => {
    const Real = Intl.NumberFormat;
    const construct = vi.spyOn(Intl, 'NumberFormat').mockImplementation(function (
      ...args: ConstructorParameters<typeof Real>
    ) {
      return new Real(...args);
    } as typeof Real);
    vi.resetModules();
    const { money } = await import('./format.js');
    expect(construct).not.toHaveBeenCalled();
    expect(money(1234.5)).toBe('$1,234.50');
    expect(money(0.1)).toBe('$0.10');
    // One formatter for the whole run.
    expect(construct).toHaveBeenCalledTimes(1);
  });
});
