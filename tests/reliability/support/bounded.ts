/** Concurrency and waiting with hard bounds: every loop here has a count and a deadline. */

/** Runs `fn(0..count-1)` with at most `concurrency` calls in flight; results in index order. */
export async function runPool<T>(
  count: number,
  concurrency: number,
  fn: (index: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      results[index] = await fn(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return results;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Calls `probe` until `done(value)` holds or `deadlineMs` passes; returns the last value and
 * whether it succeeded, so the caller's assertion can show what was seen last.
 */
export async function pollUntil<T>(
  probe: () => Promise<T> | T,
  done: (value: T) => boolean,
  { deadlineMs, intervalMs = 100 }: { deadlineMs: number; intervalMs?: number },
): Promise<{ ok: boolean; value: T }> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return { ok: true, value };
    if (Date.now() >= deadline) return { ok: false, value };
    await sleep(intervalMs);
  }
}
