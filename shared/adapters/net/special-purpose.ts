import { isIPv4 } from 'node:net';
import { expandIpv6 } from './ip-literal.js';

/**
 * `private`: reachable only inside a network (loopback, RFC 1918, shared CGNAT space, unique-local);
 * allowed behind the local-stack flag. `reserved`: never a mail server (documentation, benchmarking,
 * multicast, anycast services, transition mechanisms that tunnel to other addresses...).
 */
export type RangeKind = 'private' | 'reserved';

export interface SpecialRange {
  readonly cidr: string;
  readonly name: string;
  readonly kind: RangeKind;
}

/** IANA IPv4 Special-Purpose Address Registry (RFC 6890 and its updates), plus multicast. */
export const IPV4_SPECIAL: readonly SpecialRange[] = [
  { cidr: '0.0.0.0/8', name: 'this network', kind: 'reserved' },
  { cidr: '10.0.0.0/8', name: 'private use', kind: 'private' },
  { cidr: '100.64.0.0/10', name: 'shared address space (CGNAT)', kind: 'private' },
  { cidr: '127.0.0.0/8', name: 'loopback', kind: 'private' },
  { cidr: '169.254.0.0/16', name: 'link local (cloud metadata)', kind: 'reserved' },
  { cidr: '172.16.0.0/12', name: 'private use', kind: 'private' },
  { cidr: '192.0.0.0/24', name: 'IETF protocol assignments (DS-Lite, PCP/TURN anycast, NAT64 discovery)', kind: 'reserved' },
  { cidr: '192.0.2.0/24', name: 'documentation (TEST-NET-1)', kind: 'reserved' },
  { cidr: '192.31.196.0/24', name: 'AS112-v4', kind: 'reserved' },
  { cidr: '192.52.193.0/24', name: 'AMT', kind: 'reserved' },
  { cidr: '192.88.99.0/24', name: '6to4 relay anycast (deprecated)', kind: 'reserved' },
  { cidr: '192.168.0.0/16', name: 'private use', kind: 'private' },
  { cidr: '192.175.48.0/24', name: 'direct delegation AS112', kind: 'reserved' },
  { cidr: '198.18.0.0/15', name: 'benchmarking', kind: 'reserved' },
  { cidr: '198.51.100.0/24', name: 'documentation (TEST-NET-2)', kind: 'reserved' },
  { cidr: '203.0.113.0/24', name: 'documentation (TEST-NET-3)', kind: 'reserved' },
  { cidr: '224.0.0.0/4', name: 'multicast', kind: 'reserved' },
  { cidr: '240.0.0.0/4', name: 'reserved for future use, limited broadcast', kind: 'reserved' },
];

/**
 * IANA IPv6 Special-Purpose Address Registry (RFC 6890 and its updates), plus multicast and the
 * deprecated site-local, SIIT and IPv4-compatible forms. IPv4-mapped addresses are not listed: a
 * socket reaches their IPv4 address, so that address is checked instead.
 */
export const IPV6_SPECIAL: readonly SpecialRange[] = [
  { cidr: '::1/128', name: 'loopback', kind: 'private' },
  { cidr: '::/96', name: 'unspecified and IPv4-compatible (deprecated)', kind: 'reserved' },
  { cidr: '::ffff:0:0:0/96', name: 'SIIT IPv4-translated', kind: 'reserved' },
  { cidr: '64:ff9b::/96', name: 'NAT64 well-known prefix', kind: 'reserved' },
  { cidr: '64:ff9b:1::/48', name: 'NAT64 local-use prefix', kind: 'reserved' },
  { cidr: '100::/64', name: 'discard-only', kind: 'reserved' },
  { cidr: '100:0:0:1::/64', name: 'dummy prefix', kind: 'reserved' },
  { cidr: '2001::/23', name: 'IETF protocol assignments (Teredo, benchmarking, AMT, AS112, ORCHID, DET)', kind: 'reserved' },
  { cidr: '2001::/32', name: 'Teredo', kind: 'reserved' },
  { cidr: '2001:db8::/32', name: 'documentation', kind: 'reserved' },
  { cidr: '2002::/16', name: '6to4', kind: 'reserved' },
  { cidr: '2620:4f:8000::/48', name: 'direct delegation AS112', kind: 'reserved' },
  { cidr: '3fff::/20', name: 'documentation', kind: 'reserved' },
  { cidr: '5f00::/16', name: 'segment routing SIDs', kind: 'reserved' },
  { cidr: 'fc00::/7', name: 'unique local', kind: 'private' },
  { cidr: 'fe80::/10', name: 'link local', kind: 'reserved' },
  { cidr: 'fec0::/10', name: 'site local (deprecated)', kind: 'reserved' },
  { cidr: 'ff00::/8', name: 'multicast', kind: 'reserved' },
];

/** Every IPv6 address outside global unicast (2000::/3) is unassigned or special. */
const GLOBAL_UNICAST = '2000::/3';
const NOT_GLOBAL: SpecialRange = { cidr: '::/0', name: 'outside global unicast 2000::/3', kind: 'reserved' };

const bitsOf = (address: string): { value: bigint; width: number } => {
  if (isIPv4(address)) return { value: address.split('.').reduce((n, octet) => (n << 8n) | BigInt(Number(octet)), 0n), width: 32 };
  return { value: expandIpv6(address).reduce((n, word) => (n << 16n) | BigInt(word), 0n), width: 128 };
};

const inRange = (address: string, cidr: string): boolean => {
  const [net = '', len = '0'] = cidr.split('/');
  const a = bitsOf(address);
  const n = bitsOf(net);
  if (a.width !== n.width) return false;
  const shift = BigInt(a.width - Number(len));
  return a.value >> shift === n.value >> shift;
};

/**
 * The special-purpose range an IP address (canonical, IPv4-mapped already unwrapped) falls in, the
 * most specific first; an IPv6 address outside global unicast counts as reserved.
 */
export function specialRangeOf(address: string): SpecialRange | undefined {
  const table = isIPv4(address) ? IPV4_SPECIAL : IPV6_SPECIAL;
  const hits = table.filter((r) => inRange(address, r.cidr));
  if (hits.length > 0) return hits.reduce((a, b) => (Number(b.cidr.split('/')[1]) > Number(a.cidr.split('/')[1]) ? b : a));
  return !isIPv4(address) && !inRange(address, GLOBAL_UNICAST) ? NOT_GLOBAL : undefined;
}
