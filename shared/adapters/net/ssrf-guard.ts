import { lookup as dnsLookup } from 'node:dns/promises';
import { MailboxConnectError } from '../../domain/mailbox/mailbox-errors.js';
import { embeddedIpv4, parseIpLiteral, unwrapMappedIpv4 } from './ip-literal.js';
import { specialRangeOf } from './special-purpose.js';

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

/**
 * Refuses every special-purpose range (private ones unless the local-stack flag allows them). An
 * IPv6 transition address is refused as a whole; the IPv4 addresses it tunnels to are read first
 * only so the refusal says when one of them is private.
 */
function checkAddress(address: string, host: string, policy: HostPolicy): string {
  const bare = address.replace(/%.*$/, '');
  const embedded = embeddedIpv4(bare).find((v4) => specialRangeOf(v4) !== undefined);
  if (embedded !== undefined) throw blocked(host, 'tunnels to a private or reserved IPv4 address');
  const range = specialRangeOf(bare);
  if (range === undefined || (range.kind === 'private' && policy.allowPrivate)) return bare;
  throw blocked(host);
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

function blocked(host: string, why = 'is a private or reserved address'): MailboxConnectError {
  return new MailboxConnectError('blocked-host', `${host} ${why} and cannot be used as a mail server`);
}
