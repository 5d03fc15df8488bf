import { z } from 'zod';
import { CONTACT_LIMITS as L, CONTACT_ROLES } from '../../domain/contacts/contact.js';
import { customFieldsSchema } from '../../domain/contacts/custom-fields.js';
import { emailSchema } from '../../domain/contacts/email-address.js';
import { lineText, noteText } from '../../domain/contacts/text-rules.js';
import { MAX_QUERY_CHARS } from '../../domain/search/search-tokens.js';
import { contract } from '../contract.js';
import { fieldFilterQuery } from './custom-fields.js';

const id = z.string().min(1).max(64);
const text = lineText;
export const tagsSchema = z.array(text(L.tag)).max(L.tags);
export const idParams = z.strictObject({ id });

const contactFields = {
  emails: z.array(emailSchema).max(L.emails),
  phones: z.array(text(L.phone)).max(L.phones),
  companyId: id.nullable(),
  roles: z.array(z.enum(CONTACT_ROLES)).max(CONTACT_ROLES.length),
  primaryContact: z.boolean(),
  level: text(L.level).nullable(),
  tags: tagsSchema,
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
  companyId: id.optional(),
  /** ISO date or date-time, or `this-month` for "new this month". */
  createdSince: z.union([z.literal('this-month'), z.iso.date(), z.iso.datetime({ offset: true })]).optional(),
  /** Dormant: no activity for this many days. */
  dormantDays: z.coerce.number().int().min(1).max(3650).optional(),
  sort: z.enum(['name', 'createdAt', 'lastActivityAt']).optional(),
  limit: z.coerce.number().int().min(1).optional(),
  cursor: z.string().max(4096).optional(),
  ...fieldFilterQuery,
});

export const mergeBody = z.strictObject({
  masterId: id,
  mergedIds: z.array(id).min(1).max(20),
  /** Field name → id of the record whose value wins (default: the master's). */
  fields: z.record(z.string().max(40), id).optional(),
  preview: z.boolean().default(false),
});

const tag = 'contacts';
const fn = 'contacts-api' as const;
export const listContactsOp = contract({ operationId: 'listContacts', method: 'GET', path: '/contacts', fn, tag, summary: 'Search and list contacts', query: listContactsQuery, rateLimit: { perMinute: 300, whenQuery: 'q' } });
export const createContactOp = contract({ operationId: 'createContact', method: 'POST', path: '/contacts', fn, tag, summary: 'Create a contact', body: createContactBody });
export const getContactOp = contract({ operationId: 'getContact', method: 'GET', path: '/contacts/{id}', fn, tag, summary: 'Read a contact (ETag = version)', params: idParams });
export const patchContactOp = contract({ operationId: 'patchContact', method: 'PATCH', path: '/contacts/{id}', fn, tag, summary: 'Change a contact (If-Match required)', params: idParams, body: patchContactBody });
export const archiveContactOp = contract({ operationId: 'archiveContact', method: 'DELETE', path: '/contacts/{id}', fn, tag, summary: 'Archive a contact (its emails stay reserved)', params: idParams });
export const restoreContactOp = contract({ operationId: 'restoreContact', method: 'POST', path: '/contacts/{id}/restore', fn, tag, summary: 'Restore an archived contact', params: idParams, successStatus: 200 });
export const mergeContactsOp = contract({ operationId: 'mergeContacts', method: 'POST', path: '/contacts/merge', fn, tag, summary: 'Merge contacts into a master (preview or confirm)', body: mergeBody, role: 'admin', successStatus: 200 });

export const contacts = [listContactsOp, createContactOp, getContactOp, patchContactOp, archiveContactOp, restoreContactOp, mergeContactsOp];
