import { describe, expect, it } from 'vitest';
import { isPublicAddress } from './url-guard.js';

describe('isPublicAddress', () => {
  it('refuses every spelling of a loopback, private or special address', () => {
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '64:ff9b::7f00:1',
      'fe80::1',
      'fc00::1',
      // IPv4-compatible (::/96, deprecated by RFC 4291): never globally routable, and a stack
      // that still honours it reaches the embedded IPv4 address.
      '::127.0.0.1',
      '::7f00:1',
      '::a00:1',
      '::808:808',
    ])
      expect([address, isPublicAddress(address)]).toEqual([address, false]);
  });

  it('admits globally routable unicast addresses', () => {
    for (const address of ['1.1.1.1', '8.8.8.8', '2001:4860:4860::8888', '::ffff:1.1.1.1'])
      expect([address, isPublicAddress(address)]).toEqual([address, true]);
  });
});
