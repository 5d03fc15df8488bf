import type { Contact } from '../domain/contacts/contact.js';
import { contactTokens } from '../domain/contacts/contact-tokens.js';
import { normalizeSearchText } from '../domain/search/search-tokens.js';
import {
  companyMemberKey, contactActivityKey, contactEmailKey, contactKey, contactListPartition, contactTokenKey, type Key,
} from './keys.js';

type Item = Record<string, unknown>;
const KEY_ATTRS = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'entity', 'v']);

/** Sort key for name order: accent- and case-insensitive, then the id for stability. */
export const nameSortKey = (c: Pick<Contact, 'name' | 'id'>): string => `${normalizeSearchText(c.name).slice(0, 100)}#${c.id}`;

/** When a contact last had activity, for the activity index (creation time until there is some). */
export const activityAt = (c: Pick<Contact, 'lastActivityAt' | 'createdAt'>): string => c.lastActivityAt ?? c.createdAt;

/** The contact record with its list keys: name order on GSI1, creation order on GSI2. */
export function contactItem(c: Contact): Item {
  const bucket = c.status === 'archived' ? 'archived' : 'live';
  return {
    ...contactKey(c.spaceId, c.id), entity: 'contact', v: 1, ...c,
    gsi1pk: contactListPartition(c.spaceId, bucket), gsi1sk: nameSortKey(c),
    gsi2pk: contactListPartition(c.spaceId, bucket), gsi2sk: `${c.createdAt}#${c.id}`,
  };
}

export function contactFromItem(item: Item): Contact {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRS.has(k))) as unknown as Contact;
}

/** The uniqueness item that reserves an address for one contact. */
export const contactEmailItem = (spaceId: string, email: string, contactId: string): Item =>
  ({ ...contactEmailKey(spaceId, email), entity: 'contact-email', v: 1, email, contactId });

export const contactActivityItem = (c: Pick<Contact, 'spaceId' | 'id' | 'lastActivityAt' | 'createdAt'>): Item =>
  ({ ...contactActivityKey(c.spaceId, activityAt(c), c.id), entity: 'contact-activity', v: 1, contactId: c.id });

export const contactTokenItems = (c: Contact, tokens = contactTokens(c)): Item[] =>
  tokens.map((token) => ({ ...contactTokenKey(c.spaceId, token, c.id), entity: 'contact-token', v: 1, contactId: c.id }));

/** Token index changes between two versions of a contact. */
export function tokenDiff(before: Contact | undefined, after: Contact): { puts: Item[]; deletes: Key[] } {
  const old = new Set(before ? contactTokens(before) : []);
  const next = contactTokens(after);
  const nextSet = new Set(next);
  return {
    puts: contactTokenItems(after, next.filter((t) => !old.has(t))),
    deletes: [...old].filter((t) => !nextSet.has(t)).map((t) => contactTokenKey(after.spaceId, t, after.id)),
  };
}

/** Every item a new contact consists of, for bulk seeding with BatchWrite (no uniqueness checks). */
export const seedItemsOf = (c: Contact): Item[] => [
  contactItem(c), ...(c.companyId ? [{ ...companyMemberKey(c.spaceId, c.companyId, c.id), entity: 'company-member', v: 1, contactId: c.id }] : []), ...c.emails.map((e) => contactEmailItem(c.spaceId, e, c.id)), contactActivityItem(c), ...contactTokenItems(c),
];
