import { archiveContact, restoreContact } from '../../domain/contacts/archive-contact.js';
import { clearComplaint } from '../../domain/contacts/clear-complaint.js';
import { toContactView, type Contact } from '../../domain/contacts/contact.js';
import { suggestCompany } from '../../domain/contacts/contact-deps.js';
import { createContact } from '../../domain/contacts/create-contact.js';
import { mergeRecords } from '../../domain/contacts/merge-records.js';
import { loadContact, patchContact } from '../../domain/contacts/patch-contact.js';
import { fieldFilterOf } from '../../domain/custom-fields/field-filter.js';
import { normalizeSearchText } from '../../domain/search/search-tokens.js';
import { relinkNewAddresses } from '../../deps/contact-relink.js';
import { companyViews, contactDeps, contactMerge, coverage } from '../../deps/crm-deps.js';
import { refreshMerged } from '../../deps/customer-views.js';
import { contactViewFilter } from '../../domain/customers/view-filter.js';
import { actorOf } from '../actor.js';
import {
  archiveContactOp, clearContactComplaintOp, createContactOp, getContactOp, listContactsOp, mergeContactsOp, patchContactOp, restoreContactOp,
} from '../contracts/contacts.js';
import { implement, type Operation } from '../http-handler.js';
import { etagOf, expectedVersion } from '../if-match.js';
import { pageLimit, pageReply, readCursor } from '../page-cursor.js';

const reply = async (c: Contact, status = 200) =>
  ({ status, body: toContactView(c, await suggestCompany(contactDeps(), c)), headers: { etag: etagOf(c.version) } });
const DAY_MS = 86_400_000;

const firstOfMonth = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
const isoOf = (since: string, now: Date) => (since === 'this_month' ? firstOfMonth(now) : new Date(since).toISOString());

/** Contacts: list with filters, create, read, change, archive, restore, merge, clear a complaint mark. */
export const contactRoutes: Operation[] = [
  implement(listContactsOp, async ({ auth, query }) => {
    const deps = contactDeps();
    const now = deps.rt.now();
    const view = contactViewFilter(query, now);
    const cursor = query.cursor ? { startKey: await readCursor(listContactsOp, { auth, query }) } : {};
    if (view) return pageReply(listContactsOp, { auth, query }, await companyViews().listContacts(auth.spaceId, view, { limit: pageLimit(query.limit), ...cursor }), toContactView);
    const q = query.q ? normalizeSearchText(query.q) : '';
    const field = await fieldFilterOf(deps.customFields, auth.spaceId, 'contact', query, ['q', 'companyId', 'dormantDays', 'sort']);
    const page = await deps.contacts.listContacts(auth.spaceId, {
      ...(q ? { q } : {}), ...(query.status ? { status: query.status } : {}), ...(query.tag ? { tag: query.tag.trim().toLowerCase() } : {}),
      ...(query.companyId ? { companyId: query.companyId } : {}),
      ...(query.createdSince ? { createdSince: isoOf(query.createdSince, now) } : {}),
      ...(query.dormantDays ? { inactiveSince: new Date(now.getTime() - query.dormantDays * DAY_MS).toISOString() } : {}),
      ...(field ? { field } : {}), sort: query.sort ?? 'name', limit: pageLimit(query.limit), ...cursor,
    });
    return pageReply(listContactsOp, { auth, query }, page, toContactView);
  }),
  implement(createContactOp, async (r) => {
    const contact = await createContact(contactDeps(), actorOf(r), r.body);
    await relinkNewAddresses({ before: [], after: contact, correlationId: r.requestId });
    await coverage()(contact.spaceId, [contact.companyId]);
    return reply(contact, 201);
  }),
  implement(getContactOp, async ({ auth, params }) => reply(await loadContact(contactDeps(), auth.spaceId, params.id))),
  implement(patchContactOp, async (r) => {
    const version = expectedVersion(r.headers);
    const before = await loadContact(contactDeps(), r.auth.spaceId, r.params.id);
    const after = await patchContact(contactDeps(), actorOf(r), r.params.id, version, r.body);
    if (r.body.emails) await relinkNewAddresses({ before: before.emails, after, correlationId: r.requestId });
    if (r.body.companyId !== undefined || r.body.roles || r.body.status) await coverage()(after.spaceId, [before.companyId, after.companyId]);
    return reply(after);
  }),
  implement(archiveContactOp, async (r) => {
    const contact = await archiveContact(contactDeps(), actorOf(r), r.params.id);
    await coverage()(contact.spaceId, [contact.companyId]);
    return reply(contact);
  }),
  implement(restoreContactOp, async (r) => {
    const contact = await restoreContact(contactDeps(), actorOf(r), r.params.id);
    await relinkNewAddresses({ before: [], after: contact, correlationId: r.requestId });
    await coverage()(contact.spaceId, [contact.companyId]);
    return reply(contact);
  }),
  implement(clearContactComplaintOp, async (r) => reply(await clearComplaint(contactDeps(), actorOf(r), r.params.id, expectedVersion(r.headers), r.params.email))),
  implement(mergeContactsOp, async (r) => {
    const body = await mergeRecords(contactMerge(), actorOf(r), 'contact', r.body);
    if (!r.body.preview) await refreshMerged(companyViews(), r.auth.spaceId, 'contact', [r.body.masterId, ...r.body.mergedIds]);
    return { body };
  }),
];
