import { hasComplained } from '../contacts/mark-complained.js';
import { normalizeEmail } from '../mail/match-addresses.js';

/** A note on a mail that went out anyway: one of its recipients reported our mail as spam. */
export interface SendWarning {
  readonly code: 'address_complained';
  readonly address: string;
  readonly detail: string;
}

export interface ComplaintLookup {
  findContactByEmail(spaceId: string, email: string): Promise<{ readonly complainedEmails?: readonly { readonly email: string }[] } | undefined>;
}

/**
 * The recipients of a mail staff wrote by hand whose owner once reported our mail as spam. A person
 * writing to a customer decides for themselves (unlike a payment email, which is refused), so the
 * mail goes out and the answer says who complained.
 */
export async function complaintWarnings(lookup: ComplaintLookup, spaceId: string, recipients: readonly string[]): Promise<SendWarning[]> {
  const addresses = [...new Set(recipients.map(normalizeEmail))];
  const contacts = await Promise.all(addresses.map((a) => lookup.findContactByEmail(spaceId, a)));
  return addresses.flatMap((address, i) => (hasComplained(contacts[i], address)
    ? [{ code: 'address_complained' as const, address, detail: `${address} reported our mail as spam before; this mail was sent anyway` }]
    : []));
}
