import type { ReactNode } from 'react';
import { useKeys } from './keys.js';

/** Raw mode turns Ctrl-C into a key press; this turns it back into an interrupt. */
export function Interruptible({
  onInterrupt,
  children,
}: {
  onInterrupt: () => void;
  children?: ReactNode;
}): ReactNode {
  useKeys(({ input, key }) => {
    if (key.ctrl && input === 'c') onInterrupt();
  });
  return children;
}
