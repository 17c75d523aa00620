import { expect } from 'vitest';

/** Terminal input as Ink reads it. */
export const KEYS = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  enter: '\r',
  escape: '\u001B',
  backspace: '\u007F',
  ctrlC: '\u0003',
} as const;

/** Ink renders asynchronously after input: poll the last frame until it shows what we expect. */
export async function frameMatching(
  lastFrame: () => string | undefined,
  pattern: RegExp | string,
): Promise<string> {
  let frame = '';
  await expect
    .poll(
      () => {
        frame = lastFrame() ?? '';
        return typeof pattern === 'string' ? frame.includes(pattern) : pattern.test(frame);
      },
      { timeout: 5000, interval: 10 },
    )
    .toBe(true);
  return frame;
}

/**
 * Types keys one at a time, at a person's pace: Ink hands each read to the components, and React
 * must render between keys for components that read their state from the last render.
 */
export async function press(
  stdin: { write: (data: string) => void },
  ...keys: string[]
): Promise<void> {
  const pause = () => new Promise((resolve) => setTimeout(resolve, 25));
  for (const key of keys) {
    // A screen that just appeared attaches its input handler in an effect, after the frame.
    await pause();
    stdin.write(key);
  }
  await pause();
}
