import { describe, expect, it } from 'vitest';
import { formatStartupError, StartupError } from './startup-error.js';

describe('formatStartupError', () => {
  it('prints an expected failure as one line with its hint, without a stack', () => {
    const error = new StartupError('port 4010 is already in use on 127.0.0.1', {
      code: 'EADDRINUSE',
      hint: 'pick another port with --port N',
    });
    expect(formatStartupError(error, { debug: false })).toBe(
      'shop-server: port 4010 is already in use on 127.0.0.1; pick another port with --port N',
    );
  });

  it('treats a subclass the same way (any expected start-up failure)', () => {
    class DatabaseLockedError extends StartupError {}
    const text = formatStartupError(
      new DatabaseLockedError('shop.db is in use by another server'),
      {
        debug: false,
      },
    );
    expect(text).toBe('shop-server: shop.db is in use by another server');
  });

  it('prints an unexpected error as its first line, pointing at LOG_LEVEL=debug for the stack', () => {
    const error = new TypeError('cannot read x\nof undefined');
    const text = formatStartupError(error, { debug: false });
    expect(text).toBe('shop-server: cannot read x (LOG_LEVEL=debug shows the stack trace)');
    expect(text).not.toContain('/');
  });

  it('adds the stack only in debug', () => {
    const text = formatStartupError(new StartupError('boom'), { debug: true });
    expect(text.split('\n')[0]).toBe('shop-server: boom');
    expect(text).toMatch(/\n\s+at /);
    expect(formatStartupError('a string', { debug: false })).toBe('shop-server: a string');
  });
});
