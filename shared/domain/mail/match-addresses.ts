import { domainToASCII } from 'node:url';
import type { MailAddress, ParsedMail } from './parsed-mail.js';

/**
 * Canonical form of an address: NFKC (fullwidth and other compatibility forms become their plain
 * letters, NFD becomes NFC), trimmed, `mailto:` and angle brackets dropped, lowercased, IDN
 * domain in ASCII (punycode). Lowercasing the local part is a deliberate CRM choice: no real
 * provider treats `Jane@` and `jane@` as different people.
 */
export function normalizeEmail(address: string): string {
  const bare = address.normalize('NFKC').trim().replace(/^mailto:/i, '').replace(/^<|>$/g, '').trim().toLowerCase().normalize('NFC');
  const at = bare.lastIndexOf('@');
  if (at < 0) return bare;
  const domain = bare.slice(at + 1).replace(/\.$/, '');
  const ascii = /^[\x00-\x7f]*$/.test(domain) ? domain : domainToASCII(domain) || domain;
  return `${bare.slice(0, at)}@${ascii}`;
}

/** The domain of an address, normalized; empty when there is no `@`. */
export function emailDomain(address: string): string {
  const email = normalizeEmail(address);
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : email.slice(at + 1);
}

/** The address with its `+tag` removed: `jane+orders@x.com` becomes `jane@x.com`. */
export function stripPlusTag(address: string): string {
  const email = normalizeEmail(address);
  const at = email.lastIndexOf('@');
  const plus = email.indexOf('+');
  return plus > 0 && plus < at ? email.slice(0, plus) + email.slice(at) : email;
}

/**
 * Keys to look a contact up by, best first. Policy: the exact address, then the address without
 * its +tag, so `jane+orders@x.com` finds the contact `jane@x.com`; never the reverse (a contact
 * saved as `jane+orders@x.com` is not found by mail from `jane@x.com`).
 */
export function contactLookupKeys(address: string): string[] {
  const exact = normalizeEmail(address);
  const base = stripPlusTag(exact);
  return base === exact ? [exact] : [exact, base];
}

/** Whether an address belongs to the mailbox owner (exact, or with a +tag on an own address). */
export function isOwnAddress(address: string, ownAddresses: readonly string[]): boolean {
  const own = new Set(ownAddresses.map(normalizeEmail));
  return contactLookupKeys(address).some((key) => own.has(key));
}

/** Splits addresses into the owner's and everybody else's, normalized and deduplicated. */
export function matchAddresses(input: { addresses: readonly string[]; ownAddresses: readonly string[] }): {
  own: string[];
  external: string[];
} {
  const own = new Set<string>();
  const external = new Set<string>();
  for (const raw of input.addresses) {
    const email = normalizeEmail(raw);
    if (!email.includes('@')) continue;
    (isOwnAddress(email, input.ownAddresses) ? own : external).add(email);
  }
  return { own: [...own], external: [...external] };
}

/** The external people on a mail: from, reply-to, to and cc minus the owner's addresses. */
export function participantsOf(
  parsed: Pick<ParsedMail, 'from' | 'replyTo' | 'to' | 'cc'>,
  ownAddresses: readonly string[] = [],
): string[] {
  const all: MailAddress[] = [...parsed.from, ...parsed.replyTo, ...parsed.to, ...parsed.cc];
  return matchAddresses({ addresses: all.map((a) => a.address), ownAddresses }).external;
}
