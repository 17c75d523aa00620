import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { assertPasswordFits, createPasswordHasher, MAX_PASSWORD_BYTES } from './passwords.js';

describe('assertPasswordFits', () => {
  it('accepts up to 72 UTF-8 bytes and refuses more, counting bytes not characters', () => {
    expect(() => assertPasswordFits('A'.repeat(MAX_PASSWORD_BYTES))).not.toThrow();
    expect(() => assertPasswordFits('é'.repeat(36))).not.toThrow();
    for (const password of ['A'.repeat(73), 'é'.repeat(37), '🔑'.repeat(19)]) {
      let thrown: unknown;
      try {
        assertPasswordFits(password);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DomainError);
      expect(thrown).toMatchObject({
        code: 'validation.failed',
        fields: [{ field: 'password', message: expect.stringMatching(/72 bytes/) }],
        extensions: {},
      });
      expect((thrown as Error).message).not.toContain('/body');
    }
  });
});

describe('createPasswordHasher', () => {
  const hasher = createPasswordHasher({ threads: 1 });
  afterAll(() => hasher.close());

  it('hashes and verifies with bcrypt on a worker thread', async () => {
    const hash = await hasher.hash('correct-horse');
    expect(hash).toMatch(/^\$2[aby]\$10\$/);
    await expect(hasher.verify('correct-horse', hash)).resolves.toBe(true);
    await expect(hasher.verify('correct-horsf', hash)).resolves.toBe(false);
    await expect(hasher.burn('anything')).resolves.toBe(false);
  });

  it('keeps the event loop free while it hashes', async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    await Promise.all(Array.from({ length: 6 }, (_, i) => hasher.hash(`password-${i}`)));
    clearInterval(timer);
    // bcryptjs on the main thread lets a 1 ms timer fire about 4 times during six cost-10
    // hashes (gaps of ~700 ms); off it, the timer keeps firing throughout.
    expect(ticks).toBeGreaterThan(20);
  });

  it('refuses work once closed', async () => {
    const other = createPasswordHasher({ threads: 1 });
    await other.close();
    await expect(other.hash('too-late-now')).rejects.toThrow();
  });
});
