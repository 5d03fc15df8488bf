import type { Contact } from '../domain/contacts/contact.js';
import { contactTokens } from '../domain/contacts/contact-tokens.js';
import type { ContactListQuery, ContactPage } from '../domain/contacts/ports.js';
import { firstMatchingToken } from '../domain/search/search-tokens.js';
import { batchGet } from './batch.js';
import { activityAt, contactFromItem } from './contact-items.js';
import type { TableRef } from './dynamo.js';
import { companyKey, contactActivityPartition, contactKey, contactListPartition, contactTokenPartition } from './keys.js';
import { fieldFilterSpec } from './field-index-store.js';
import { pageThrough, type PageSpec } from './page-through.js';

type Item = Record<string, unknown>;

/** Filters every list mode applies after reading (status, tag, company, creation date). */
const passesFilters = (q: ContactListQuery, c: Contact): boolean =>
  (q.status ? c.status === q.status : c.status !== 'archived') &&
  !c.mergedInto &&
  (!q.tag || c.tags.includes(q.tag)) &&
  (!q.companyId || c.companyId === q.companyId) &&
  (!q.createdSince || c.createdAt >= q.createdSince) &&
  (!q.inactiveSince || activityAt(c) < q.inactiveSince);

const hydrateByContactId = (t: TableRef, spaceId: string) => async (items: Item[]) =>
  (await batchGet(t, items.map((i) => contactKey(spaceId, String(i.contactId))))).map((i) => (i ? contactFromItem(i) : undefined));

/**
 * Lists contacts of a Space without a Scan. `q` reads the token index (one partition per first
 * character, begins_with on the token); the dormant filter and the activity sort read the activity
 * index; everything else reads the name (GSI1) or creation (GSI2) order of live or archived contacts.
 */
export async function listContacts(t: TableRef, spaceId: string, q: ContactListQuery): Promise<ContactPage> {
  const base = { limit: q.limit, ...(q.startKey ? { startKey: q.startKey } : {}) };
  let spec: PageSpec<Contact>;
  if (q.field) {
    // A custom-field filter reads the field's index: only matching entries, in value order.
    const hydrate = async (ids: string[]) => (await batchGet(t, ids.map((id) => contactKey(spaceId, id)))).map((i) => (i ? contactFromItem(i) : undefined));
    spec = fieldFilterSpec(spaceId, q.field.spec, q.field.condition, base, hydrate, (c) => passesFilters(q, c));
  } else if (q.q) {
    const query = q.q;
    spec = {
      ...base, keyAttributes: ['pk', 'sk'], hydrate: hydrateByContactId(t, spaceId),
      query: { KeyConditionExpression: 'pk = :p AND begins_with(sk, :q)', ExpressionAttributeValues: { ':p': contactTokenPartition(spaceId, query), ':q': query } },
      // Emit a contact only at its first matching token: no duplicates across pages, stale tokens skipped.
      accept: (c, item) => passesFilters(q, c) && String(item.sk) === `${firstMatchingToken(contactTokens(c), query)}#${c.id}`,
    };
  } else if (q.companyId) {
    // A company's contacts: its membership items, in contact id (ULID = creation) order.
    spec = {
      ...base, keyAttributes: ['pk', 'sk'], hydrate: hydrateByContactId(t, spaceId),
      query: { KeyConditionExpression: 'pk = :p AND begins_with(sk, :c)', ExpressionAttributeValues: { ':p': companyKey(spaceId, q.companyId).pk, ':c': 'contact#' } },
      accept: (c) => passesFilters(q, c),
    };
  } else if (q.inactiveSince || q.sort === 'lastActivityAt') {
    const dormant = q.inactiveSince !== undefined;
    spec = {
      ...base, keyAttributes: ['pk', 'sk'], hydrate: hydrateByContactId(t, spaceId),
      query: {
        KeyConditionExpression: dormant ? 'pk = :p AND sk < :before' : 'pk = :p',
        ExpressionAttributeValues: { ':p': contactActivityPartition(spaceId), ...(dormant ? { ':before': q.inactiveSince } : {}) },
        ScanIndexForward: dormant,
      },
      accept: (c, item) => passesFilters(q, c) && String(item.sk) === `${activityAt(c)}#${c.id}`,
    };
  } else {
    const byName = q.sort === 'name';
    const index = byName ? 'gsi1' : 'gsi2';
    const since = !byName && q.createdSince;
    spec = {
      ...base, keyAttributes: ['pk', 'sk', `${index}pk`, `${index}sk`], hydrate: async (items) => items.map(contactFromItem),
      query: {
        IndexName: index, ScanIndexForward: byName,
        KeyConditionExpression: `${index}pk = :p${since ? ` AND ${index}sk >= :since` : ''}`,
        ExpressionAttributeValues: { ':p': contactListPartition(spaceId, q.status === 'archived' ? 'archived' : 'live'), ...(since ? { ':since': since } : {}) },
      },
      accept: (c) => passesFilters(q, c),
    };
  }
  return pageThrough(t, spec);
}
