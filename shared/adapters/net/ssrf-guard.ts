import { BlockList, isIPv4 } from 'node:net';
import { lookup as dnsLookup } from 'node:dns/promises';
import { MailboxConnectError } from '../../domain/mailbox/mailbox-errors.js';
import { expandIpv6, parseIpLiteral, unwrapMappedIpv4 } from './ip-literal.js';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Resolves every A and AAAA record of a name; injectable so tests can play a rebinding DNS. */
export type HostLookup = (host: string) => Promise<readonly ResolvedAddress[]>;

export interface HostPolicy {
  /** Loopback, RFC 1918, CGNAT and ULA allowed: the local stack and tests only. */
  readonly allowPrivate: boolean;
  readonly lookup?: HostLookup;
}

export interface AllowedHost {
  /** The validated IP to connect to: pinned, so a second DNS answer cannot differ (rebinding). */
  readonly address: string;
  /** The name for TLS SNI and certificate checks; undefined when the user gave an IP. */
  readonly servername?: string;
}

const privateRanges = new BlockList();
for (const [net, bits] of [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['100.64.0.0', 10], ['127.0.0.0', 8]] as const) {
  privateRanges.addSubnet(net, bits, 'ipv4');
}
privateRanges.addSubnet('fc00::', 7, 'ipv6');
privateRanges.addAddress('::1', 'ipv6');

const neverRanges = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['169.254.0.0', 16], ['192.0.0.0', 24], ['192.0.2.0', 24], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) neverRanges.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 96], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) neverRanges.addSubnet(net, bits, 'ipv6');

/**
 * Resolves a user-supplied mail host and refuses loopback, private and special-purpose addresses in
 * every spelling, checking all A/AAAA answers. Connect to `address`, verify TLS against `servername`.
 * @throws MailboxConnectError kind 'blocked-host' for a refused address, 'dns' when the name does not resolve
 */
export async function resolveAllowedHost(host: string, policy: HostPolicy): Promise<AllowedHost> {
  const name = host.trim().toLowerCase().replace(/\.$/, '');
  const literal = parseIpLiteral(name);
  if (literal !== undefined) return { address: checkAddress(literal, host, policy) };
  if (!policy.allowPrivate && (name === 'localhost' || name.endsWith('.localhost'))) throw blocked(host);

  const answers = await resolveAll(name, policy.lookup ?? systemLookup);
  const allowed = answers.map((a) => checkAddress(unwrapMappedIpv4(a.address), host, policy));
  return { address: allowed[0] as string, servername: name };
}

function checkAddress(address: string, host: string, policy: HostPolicy): string {
  const family = isIPv4(address) ? 'ipv4' : 'ipv6';
  if (privateRanges.check(address, family)) {
    if (!policy.allowPrivate) throw blocked(host);
    return address;
  }
  if (neverRanges.check(address, family) || embedsBlockedIpv4(address, policy)) throw blocked(host);
  return address;
}

/** 6to4 (2002::/16) carries an IPv4 address in words 1–2; it must pass the same checks. */
function embedsBlockedIpv4(address: string, policy: HostPolicy): boolean {
  if (isIPv4(address)) return false;
  const words = expandIpv6(address);
  if (words[0] !== 0x2002) return false;
  const [hi = 0, lo = 0] = words.slice(1, 3);
  const v4 = [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
  return neverRanges.check(v4, 'ipv4') || (!policy.allowPrivate && privateRanges.check(v4, 'ipv4'));
}

async function resolveAll(name: string, lookup: HostLookup): Promise<readonly ResolvedAddress[]> {
  let answers: readonly ResolvedAddress[];
  try {
    answers = await lookup(name);
  } catch {
    throw new MailboxConnectError('dns', `host not found: ${name} does not resolve`);
  }
  if (answers.length === 0) throw new MailboxConnectError('dns', `host not found: ${name} has no address`);
  return answers;
}

async function systemLookup(host: string): Promise<readonly ResolvedAddress[]> {
  const answers = await dnsLookup(host, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

function blocked(host: string): MailboxConnectError {
  return new MailboxConnectError('blocked-host', `${host} is a private or reserved address and cannot be used as a mail server`);
}
