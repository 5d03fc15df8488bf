import * as z from 'zod';
import { CONTACT_LIMITS as L, CONTACT_ROLES } from '../../domain/contacts/contact.js';
import { customFieldsSchema } from '../../domain/contacts/custom-fields.js';
import { emailSchema } from '../../domain/contacts/email-address.js';
import { lineText, noteText } from '../../domain/contacts/text-rules.js';
import { MAX_QUERY_CHARS } from '../../domain/search/search-tokens.js';
import { contract } from '../contract.js';
import { COMPANY_TIERS } from '../../domain/companies/company.js';
import { companyId, contactId, staffUserId, ETAG_NOTE, idParamsOf, pageFields, pageOf } from './common.js';
import { contactExample, contactView, mergeResultOf, pageExample } from './crm-views.js';
import { fieldFilterQuery } from './custom-fields.js';

const text = lineText;
export const tagsSchema = z.array(text(L.tag)).max(L.tags);
const idParams = idParamsOf(contactId);

const contactFields = {
  emails: z.array(emailSchema).max(L.emails),
  phones: z.array(text(L.phone)).max(L.phones),
  companyId: companyId.nullable(),
  roles: z.array(z.enum(CONTACT_ROLES)).max(CONTACT_ROLES.length),
  primaryContact: z.boolean(),
  level: text(L.level).nullable(),
  tags: tagsSchema,
  ownerId: staffUserId.nullable().meta({ description: 'The staff user responsible (a user of the Space); `null` clears' }),
  notes: noteText(L.notes).nullable(),
  customFields: customFieldsSchema,
  status: z.enum(['active', 'potential', 'dormant']),
};

export const createContactBody = z.strictObject({ name: text(L.name), ...z.object(contactFields).partial().shape });
export const patchContactBody = z.strictObject({ name: text(L.name), ...contactFields }).partial();

export const listContactsQuery = z.strictObject({
  q: z.string().max(MAX_QUERY_CHARS).optional(),
  status: z.enum(['active', 'potential', 'dormant', 'archived']).optional(),
  tag: text(L.tag).optional(),
  segment: z.enum(['active', 'potential']).optional().meta({ description: '`active`: has paid an order; `potential`: not yet' }),
  tier: z.enum(COMPANY_TIERS).optional().meta({ description: "The company's tier: `key_account` lists the contacts of key accounts" }),
  role: z.enum(CONTACT_ROLES).optional(),
  level: text(L.level).optional(),
  ownerId: staffUserId.optional().meta({ description: 'Contacts this staff user owns' }),
  companyId: companyId.optional(),
  createdSince: z.union([z.literal('this_month'), z.literal('this-month'), z.iso.date(), z.iso.datetime({ offset: true })])
    .transform((since) => (since === 'this-month' ? 'this_month' : since))
    .meta({ description: 'ISO date or date-time, or `this_month` for "new this month" (`this-month` is the earlier spelling)' })
    .optional(),
  /** Dormant: no activity for this many days. */
  dormantDays: z.coerce.number().int().min(1).max(3650).optional(),
  sort: z.enum(['name', 'createdAt', 'lastActivityAt']).optional(),
  ...pageFields,
  ...fieldFilterQuery,
});

/** Merge request of contacts or companies, with that entity's id validator. */
export const mergeBodyOf = (id: z.ZodString) => z.strictObject({
  masterId: id,
  mergedIds: z.array(id).min(1).max(20),
  /** Field name → id of the record whose value wins (default: the master's). */
  fields: z.record(z.string().max(40), id).optional(),
  preview: z.boolean().default(false),
});

const tag = 'contacts';
const fn = 'contacts-api' as const;
const one = (description: string, status = 200) =>
  ({ [status]: { description, body: contactView, example: contactExample, headers: ['etag' as const] } });
const created = { name: 'Jane Doe', emails: ['jane.doe@northwind.example'], companyId: '01JDQ3KZ4T6V8W0X2Y4Z6A8B0C', roles: ['decision_maker'], tags: ['wholesale'] };
const mergeResult = mergeResultOf(contactView, contactId, 'ContactMergeResult');
const mergeExample = { preview: true, masterId: contactExample.id, mergedIds: ['01JDQ3N0P2Q4R6S8T0V2W4X6Y8'], record: contactExample, moved: { 'contact-emails': 1, 'thread-links': 4 } };

export const listContactsOp = contract({
  operationId: 'listContacts', method: 'GET', path: '/contacts', fn, tag, summary: 'Search and list contacts', query: listContactsQuery,
  description: '`q` matches name, email, company and tag tokens (at most 256 characters; rate limited per Space). Archived contacts are listed only with `status=archived`. ' +
    'The view filters (`status` active/potential/dormant, `segment`, `tier`, `tag`, `role`, `level`, `ownerId`, `createdSince=this_month`, `dormantDays`) and `sort=lastActivityAt` read the customer-view index: live contacts, most recent activity first. ' +
    'They combine with each other; with `q`, `companyId` or a custom-field filter only `status`, `tag`, `createdSince` and `dormantDays` apply (checked on that smaller list); anything else is a 400 naming the field.',
  rateLimit: { perMinute: 300, whenQuery: 'q' },
  responses: { 200: { description: 'One page of contacts', body: pageOf(contactView), example: pageExample(contactExample) } },
});
export const createContactOp = contract({
  operationId: 'createContact', method: 'POST', path: '/contacts', fn, tag, summary: 'Create a contact', body: createContactBody,
  description: `Each email belongs to one contact of the Space (409 \`duplicate-email\` with \`existingId\`). A company has one primary contact (409 \`primary-contact-taken\`). ${ETAG_NOTE}`,
  requestExample: created, responses: one('The new contact', 201), problems: ['duplicate-email', 'primary-contact-taken', 'conflict'],
});
export const getContactOp = contract({
  operationId: 'getContact', method: 'GET', path: '/contacts/{id}', fn, tag, summary: 'Read a contact (ETag = version)', params: idParams,
  description: ETAG_NOTE, responses: one('The contact'), problems: ['not-found'],
});
export const patchContactOp = contract({
  operationId: 'patchContact', method: 'PATCH', path: '/contacts/{id}', fn, tag, summary: 'Change a contact (If-Match required)', params: idParams, body: patchContactBody,
  description: 'Fields left out stay as they are; `null` clears an optional field or a custom field. If-Match must carry the current version (428 without, 412 when stale).',
  requestHeaders: ['if-match'], requestExample: { tags: ['wholesale', 'vip'], customFields: { payment_terms_days: 30 } },
  responses: one('The changed contact'), problems: ['not-found', 'duplicate-email', 'primary-contact-taken', 'record-merged', 'conflict', 'merge-in-progress'],
});
export const archiveContactOp = contract({
  operationId: 'archiveContact', method: 'DELETE', path: '/contacts/{id}', fn, tag, summary: 'Archive a contact (its emails stay reserved)', params: idParams,
  description: 'DELETE archives: the contact leaves the default lists, keeps its data and emails and comes back with POST /contacts/{id}/restore. Archiving an archived contact changes nothing.',
  responses: one('The archived contact'), problems: ['not-found', 'record-merged', 'conflict', 'merge-in-progress'],
});
export const restoreContactOp = contract({
  operationId: 'restoreContact', method: 'POST', path: '/contacts/{id}/restore', fn, tag, summary: 'Restore an archived contact', params: idParams, successStatus: 200,
  description: 'Brings the contact back with the status it had before archiving; a live contact is returned unchanged.',
  responses: one('The restored contact'), problems: ['not-found', 'primary-contact-taken', 'record-merged', 'conflict', 'merge-in-progress'],
});
export const mergeContactsOp = contract({
  operationId: 'mergeContacts', method: 'POST', path: '/contacts/merge', fn, tag, summary: 'Merge contacts into a master (preview or confirm)', body: mergeBodyOf(contactId), role: 'admin', successStatus: 200,
  description: '`preview: true` returns the result without writing. A confirm moves emails, mail links and orders to the master, marks the others `mergedInto` and can be repeated safely.',
  requestExample: { masterId: contactExample.id, mergedIds: ['01JDQ3N0P2Q4R6S8T0V2W4X6Y8'], preview: true },
  responses: { 200: { description: 'The merge result (or preview)', body: mergeResult, example: mergeExample } },
  problems: ['not-found', 'record-merged', 'conflict', 'merge-in-progress'],
});

export const clearContactComplaintOp = contract({
  operationId: 'clearContactComplaint', method: 'DELETE', path: '/contacts/{id}/complaints/{email}', fn, tag, role: 'admin',
  summary: 'Clear the spam-complaint mark of one of the contact\'s addresses (admin, If-Match required)',
  params: z.strictObject({ id: contactId, email: emailSchema.meta({ description: 'An address in the contact\'s `complainedEmails` (URL-encoded)' }) }),
  description: 'After a customer asks to be mailed again: payment emails (POST /orders, resend-link) to that address are sent again instead of 409 `address-complained`. Audited. 404 when the contact has no mark for that address; If-Match must carry the current version (428 without, 412 when stale).',
  requestHeaders: ['if-match'], responses: one('The contact without that mark'), problems: ['not-found', 'record-merged', 'conflict', 'merge-in-progress'],
});
export const contacts = [listContactsOp, createContactOp, getContactOp, patchContactOp, archiveContactOp, restoreContactOp, mergeContactsOp, clearContactComplaintOp];
