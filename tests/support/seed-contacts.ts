import { ulid } from 'ulid';
import type { Contact } from '../../shared/domain/contacts/contact.js';
import { batchWrite } from '../../shared/store/batch.js';
import { seedItemsOf } from '../../shared/store/contact-items.js';
import { viewSeedItems } from '../../shared/store/customer-view-store.js';
import type { TableRef } from '../../shared/store/dynamo.js';
import { contactView } from '../../shared/domain/customers/customer-views.js';

const FIRST = ['Anna', 'Ben', 'Carla', 'David', 'Elif', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Kira', 'Luca', 'Mara', 'Noah', 'Olga', 'Paul', 'Rosa', 'Sami', 'Tara', 'Umar'];
const LAST = ['Schmidt', 'Meyer', 'Weber', 'Fischer', 'Wagner', 'Becker', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Neumann', 'Braun', 'Zimmer', 'Hartmann'];
const COMPANIES = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne'];
const TAGS = ['wholesale', 'retail', 'vip', 'trade-fair', 'newsletter'];

/** A deterministic spread of `count` contacts in one Space: names, company names, tags, statuses. */
export function seedContacts(spaceId: string, count: number, base = Date.parse('2026-01-01T00:00:00Z')): Contact[] {
  return Array.from({ length: count }, (_, i) => {
    const first = FIRST[i % FIRST.length] as string;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length] as string;
    const company = COMPANIES[i % COMPANIES.length] as string;
    const at = new Date(base + i * 60_000).toISOString();
    return {
      id: ulid(base + i * 60_000), spaceId, name: `${first} ${last}`, emails: [`${first}.${last}.${i}@${company}.example`.toLowerCase()],
      phones: [], companyName: `${company} Ltd`, roles: [], primaryContact: false, tags: [TAGS[i % TAGS.length] as string],
      customFields: {}, status: i % 10 === 0 ? 'potential' : 'active', createdAt: at, updatedAt: at, version: 1,
    };
  });
}

/**
 * Writes the contacts with BatchWrite through the store's own item builders (no HTTP, no uniqueness
 * checks), with their customer-view items unless `views` is false (a test of search alone).
 */
export async function writeSeed(t: TableRef, contacts: readonly Contact[], parallel = 8, views = true): Promise<void> {
  const viewItems = (c: Contact) => {
    const view = views ? contactView(c, undefined, undefined) : undefined;
    return view ? viewSeedItems(c.spaceId, 'contact', c.id, view) : [];
  };
  const items = contacts.flatMap((c) => [...seedItemsOf(c), ...viewItems(c)]);
  const chunk = Math.ceil(items.length / parallel);
  await Promise.all(Array.from({ length: parallel }, (_, i) => batchWrite(t, items.slice(i * chunk, (i + 1) * chunk))));
}
