import { randomBytes } from 'node:crypto';

/**
 * An item id like the hosted MongoDB ObjectIds: 24 lowercase hex characters, 4 bytes of epoch
 * seconds then 8 random bytes, so ids sort roughly by creation time.
 */
export function newItemId(now: Date): string {
  const seconds = Math.floor(now.getTime() / 1000) >>> 0;
  return seconds.toString(16).padStart(8, '0') + randomBytes(8).toString('hex');
}
