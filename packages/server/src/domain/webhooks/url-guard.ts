import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { lookup as lookupCallback } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { DomainError } from '../errors.js';

/** Only globally routable unicast addresses: no loopback, private, link-local, CGNAT, … */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    // IPv4-compatible addresses (::/96, deprecated by RFC 4291) are never globally routable,
    // and ipaddr.js calls them unicast; a stack that still honours one reaches the IPv4 inside.
    if (v6.match(ipaddr.parse('::'), 96)) return false;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
  }
  return parsed.range() === 'unicast';
}

const refused = (url: string, why: string): DomainError =>
  new DomainError('webhook_endpoint.url_refused', `${url}: ${why}`, { url });

/**
 * An endpoint URL must be http(s) and, outside `--dev`, reach only public addresses: the host
 * as written and every address it resolves to (a name pointing at 127.0.0.1 is no way round).
 */
export async function checkEndpointUrl(url: string, dev: boolean): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refused(url, 'not a URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw refused(url, 'only http and https URLs can receive webhooks');
  if (parsed.username || parsed.password)
    throw refused(url, 'credentials do not belong in the URL');
  if (dev) return;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (ipaddr.isValid(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true })).map((entry) => entry.address);
    } catch (error) {
      throw refused(
        url,
        `its host does not resolve (${(error as { code?: string }).code ?? 'error'})`,
      );
    }
  }
  if (!addresses.every(isPublicAddress))
    throw refused(
      url,
      'loopback, private and link-local addresses are refused; start the server with --dev for local receivers',
    );
}

/**
 * A `lookup` for the delivery connections that refuses non-public addresses at connect time,
 * so a name re-pointed after registration (DNS rebinding) still cannot reach the inside.
 */
export function guardedLookup(dev: boolean): LookupFunction {
  return (hostname, options, callback) => {
    lookupCallback(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as unknown as { address: string; family: number }[];
      const allowed = dev ? list : list.filter((entry) => isPublicAddress(entry.address));
      const first = allowed[0];
      if (!first) {
        const refusal = Object.assign(new Error(`${hostname} resolves only to refused addresses`), {
          code: 'EREFUSEDADDRESS',
        });
        return callback(refusal, '', 0);
      }
      if ((options as { all?: boolean }).all) return callback(null, allowed as never);
      return callback(null, first.address, first.family);
    });
  };
}
