import { once } from '../shared/config/config.js';
import { systemRuntime } from '../shared/domain/audit/system-runtime.js';
import { archiveContact, restoreContact } from '../shared/domain/contacts/archive-contact.js';
import { toContactView, type Contact } from '../shared/domain/contacts/contact.js';
import { suggestCompany, type ContactDeps } from '../shared/domain/contacts/contact-deps.js';
import { createContact } from '../shared/domain/contacts/create-contact.js';
import { mergeRecords } from '../shared/domain/contacts/merge-records.js';
import { loadContact, patchContact } from '../shared/domain/contacts/patch-contact.js';
import { normalizeSearchText } from '../shared/domain/search/search-tokens.js';
import {
  archiveContactOp, createContactOp, getContactOp, listContactsOp, mergeContactsOp, patchContactOp, restoreContactOp,
} from '../shared/http/contracts/contacts.js';
import { httpHandler, implement } from '../shared/http/http-handler.js';
import { etagOf, expectedVersion } from '../shared/http/if-match.js';
import { pageLimit, readCursor, writeCursor } from '../shared/http/page-cursor.js';
import { recordingStaff } from '../shared/http/record-staff.js';
import { createCompanyStore } from '../shared/store/company-store.js';
import { createContactStore } from '../shared/store/contact-store.js';
import { contactMergeDeps } from '../shared/store/merge-store.js';
import { captureOperations } from '../shared/wiring/capture-operations.js';
import { relinkNewAddresses } from '../shared/wiring/contact-relink.js';
import { defaultTable } from '../shared/store/dynamo.js';
import { coverageRecorder, customerEventRecorder } from '../shared/wiring/customer-stats.js';
import { customFieldDeps } from '../shared/wiring/custom-field-deps.js';
import { fieldFilterOf } from '../shared/domain/custom-fields/field-filter.js';

const deps = once((): ContactDeps => ({ contacts: createContactStore(), companies: createCompanyStore(), rt: systemRuntime, customFields: customFieldDeps() }));
const coverage = once(() => coverageRecorder(defaultTable(), customerEventRecorder(defaultTable())));
const actorOf = (r: { auth: { spaceId: string; userId: string }; requestId: string }) => ({ spaceId: r.auth.spaceId, userId: r.auth.userId, requestId: r.requestId });
const reply = async (c: Contact, status = 200) =>
  ({ status, body: toContactView(c, await suggestCompany(deps(), c)), headers: { etag: etagOf(c.version) } });
const DAY_MS = 86_400_000;

const firstOfMonth = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
const isoOf = (since: string, now: Date) => (since === 'this_month' ? firstOfMonth(now) : new Date(since).toISOString());

export const handler = httpHandler(...recordingStaff(
  implement(listContactsOp, async ({ auth, query }) => {
    const now = deps().rt.now();
    const q = query.q ? normalizeSearchText(query.q) : '';
    const field = await fieldFilterOf(deps().customFields, auth.spaceId, 'contact', query, ['q', 'companyId', 'dormantDays', 'sort']);
    const page = await deps().contacts.listContacts(auth.spaceId, {
      ...(q ? { q } : {}), ...(query.status ? { status: query.status } : {}), ...(query.tag ? { tag: query.tag.trim().toLowerCase() } : {}),
      ...(query.companyId ? { companyId: query.companyId } : {}),
      ...(query.createdSince ? { createdSince: isoOf(query.createdSince, now) } : {}),
      ...(query.dormantDays ? { inactiveSince: new Date(now.getTime() - query.dormantDays * DAY_MS).toISOString() } : {}),
      ...(field ? { field } : {}), sort: query.sort ?? 'name', limit: pageLimit(query.limit),
      ...(query.cursor ? { startKey: await readCursor(listContactsOp, { auth, query }) } : {}),
    });
    return { body: { items: page.items.map((c) => toContactView(c)), nextCursor: (await writeCursor(listContactsOp, { auth, query }, page.lastKey)) ?? null } };
  }),
  implement(createContactOp, async (r) => {
    const contact = await createContact(deps(), actorOf(r), r.body);
    await relinkNewAddresses({ before: [], after: contact, correlationId: r.requestId });
    await coverage()(contact.spaceId, [contact.companyId]);
    return reply(contact, 201);
  }),
  implement(getContactOp, async ({ auth, params }) => reply(await loadContact(deps(), auth.spaceId, params.id))),
  implement(patchContactOp, async (r) => {
    const version = expectedVersion(r.headers);
    const before = await loadContact(deps(), r.auth.spaceId, r.params.id);
    const after = await patchContact(deps(), actorOf(r), r.params.id, version, r.body);
    if (r.body.emails) await relinkNewAddresses({ before: before.emails, after, correlationId: r.requestId });
    if (r.body.companyId !== undefined || r.body.roles || r.body.status) await coverage()(after.spaceId, [before.companyId, after.companyId]);
    return reply(after);
  }),
  implement(archiveContactOp, async (r) => {
    const contact = await archiveContact(deps(), actorOf(r), r.params.id);
    await coverage()(contact.spaceId, [contact.companyId]);
    return reply(contact);
  }),
  implement(restoreContactOp, async (r) => {
    const contact = await restoreContact(deps(), actorOf(r), r.params.id);
    await relinkNewAddresses({ before: [], after: contact, correlationId: r.requestId });
    await coverage()(contact.spaceId, [contact.companyId]);
    return reply(contact);
  }),
  implement(mergeContactsOp, async (r) => ({ body: await mergeRecords(contactMergeDeps(), actorOf(r), 'contact', r.body) })),
  ...captureOperations(),
));
