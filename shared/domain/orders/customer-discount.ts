import { hasComplained } from '../contacts/mark-complained.js';
import { normalizeEmail } from '../mail/match-addresses.js';
import type { StoredMessage } from '../threads/stored-message.js';
import { AddressComplainedError } from './order-errors.js';

/** The customer as pricing sees it: primary email first, custom fields as stored. */
export interface DraftCustomer {
  /** The contact's id and company, which a confirmed order links to. */
  readonly id?: string;
  readonly companyId?: string;
  readonly emails: readonly string[];
  readonly customFields?: Readonly<Record<string, unknown>>;
  /** Addresses whose owner reported our mail as spam (Contact.complainedEmails). */
  readonly complainedEmails?: readonly { readonly email: string }[];
}

/** Contact lookups of the Space (the draft and the confirm find the customer the same way). */
export interface CustomerLookup {
  readonly contactById: (spaceId: string, id: string) => Promise<DraftCustomer | undefined>;
  readonly contactByEmail: (spaceId: string, email: string) => Promise<DraftCustomer | undefined>;
}

/**
 * Refuses a payment email to an address whose owner reported our mail as spam: sending again would
 * hurt the sender's SES reputation and ignore the customer's wish.
 * @throws AddressComplainedError
 */
export async function assertNotComplained(lookup: CustomerLookup, spaceId: string, email: string): Promise<void> {
  const contact = await lookup.contactByEmail(spaceId, normalizeEmail(email));
  if (hasComplained(contact, email)) throw new AddressComplainedError(normalizeEmail(email));
}

/** The message's customer: its first linked contact that still exists, else the contact of the sender's address. */
export async function findCustomer(lookup: CustomerLookup, spaceId: string, message: Pick<StoredMessage, 'contactIds' | 'from'>): Promise<DraftCustomer | undefined> {
  for (const id of message.contactIds) {
    const found = await lookup.contactById(spaceId, id);
    if (found) return found;
  }
  return lookup.contactByEmail(spaceId, message.from.address);
}

/**
 * The customer's `wholesale_discount_pct` as a percentage in (0, 100] with at most 4 decimals, or 0
 * when it is absent or out of range. The customer comes from the mail, never from the confirm body,
 * so a changed customerEmail cannot borrow another contact's discount.
 */
export function wholesaleDiscountOf(customer: DraftCustomer | undefined): number {
  const raw = customer?.customFields?.wholesale_discount_pct;
  const pct = typeof raw === 'string' ? Number(raw) : raw;
  return typeof pct === 'number' && Number.isFinite(pct) && pct > 0 && pct <= 100 ? Math.round(pct * 10_000) / 10_000 : 0;
}
