import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { invalidField } from '../errors.js';

const COST = 10;

/**
 * bcrypt reads only the first 72 bytes of a password and ignores the rest, so a longer one
 * would be accepted with any suffix. Longer passwords are refused rather than silently cut.
 */
export const MAX_PASSWORD_BYTES = 72;

/** Throws `validation.failed` (field `password`) for a password bcrypt would cut. */
export function assertPasswordFits(password: string): void {
  const bytes = Buffer.byteLength(password, 'utf8');
  if (bytes <= MAX_PASSWORD_BYTES) return;
  throw invalidField(
    'password',
    `must be at most ${MAX_PASSWORD_BYTES} bytes in UTF-8 (it has ${bytes})`,
  );
}

/** bcrypt off the main thread: one pool per server, closed with it. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
  /**
   * Spends about as long as a real check, for logins with an unknown email, so response time
   * does not reveal whether an account exists.
   */
  burn(password: string): Promise<false>;
  close(): Promise<void>;
}

export interface PasswordHasherOptions {
  /** Worker threads; default: the number of cores, at most 4. */
  threads?: number;
}

/** What the worker (password-worker.js, beside this module in the sources and in dist) runs. */
type PasswordTask =
  | { op: 'hash'; password: string; cost: number }
  | { op: 'compare'; password: string; hash: string };

export function createPasswordHasher(options: PasswordHasherOptions = {}): PasswordHasher {
  const threads = options.threads ?? Math.min(4, availableParallelism());
  const pool = new Piscina<PasswordTask, string | boolean>({
    filename: new URL('./password-worker.js', import.meta.url).href,
    name: 'run',
    minThreads: 1,
    maxThreads: threads,
    // Threads beyond the first go away after a quiet minute.
    idleTimeout: 60_000,
  });
  let closed = false;
  // After destroy() piscina would start new threads for a late task, which nothing then stops.
  const run = async (task: PasswordTask): Promise<string | boolean> => {
    if (closed) throw new Error('The password pool is closed (the server is shutting down).');
    return pool.run(task);
  };
  const hash = (password: string): Promise<string> =>
    run({ op: 'hash', password, cost: COST }) as Promise<string>;
  const verify = (password: string, hashed: string): Promise<boolean> =>
    run({ op: 'compare', password, hash: hashed }) as Promise<boolean>;
  let dummyHash: Promise<string> | undefined;
  return {
    hash,
    verify,
    async burn(password) {
      dummyHash ??= hash('not-a-real-password');
      await verify(password, await dummyHash);
      return false;
    },
    close: async () => {
      closed = true;
      await pool.destroy();
    },
  };
}
