import * as z from 'zod';
import { contract } from '../contract.js';
import { companyId, contactId, idParamsOf, messageId, threadId } from './common.js';

export const linkThreadBody = z.strictObject({
  contactId: contactId.optional(),
  companyId: companyId.optional(),
  messageId: messageId.optional().meta({ description: 'Link only this message of the thread; default: every message' }),
}).refine((b) => (b.contactId === undefined) !== (b.companyId === undefined), { message: 'must name exactly one of contactId and companyId' });

export const unlinkThreadParams = z.strictObject({
  id: threadId,
  kind: z.enum(['contact', 'company']),
  ownerId: contactId.meta({ description: 'The contact or company id (ULID)' }),
});

export const manualLinkView = z.object({
  threadId, kind: z.enum(['contact', 'company']), ownerId: z.string(),
  messages: z.number().int().meta({ description: 'Messages whose link changed (already linked or unlinked ones are left as they were)' }),
}).meta({ id: 'ManualLink' });

const tag = 'inbox';
const fn = 'mail-api' as const;
const example = { threadId: '4b1d9e7c2a8f6e3d0c5b4a3928171605', kind: 'contact' as const, ownerId: '01JDQ3M6N8V4W2X5Y7Z9A1B3C5', messages: 2 };

export const linkThreadOp = contract({
  operationId: 'linkThread', method: 'POST', path: '/threads/{id}/links', fn, tag, summary: 'Link a thread (or one of its messages) to a contact or company by hand',
  description: 'The mail joins the record\'s timeline with provenance `manual` and the caller as `byUserId`; audited as `linked` on the thread. '
    + 'The caller must see the whole thread (404 otherwise, as for a missing thread, contact, company or message).',
  params: idParamsOf(threadId), body: linkThreadBody, successStatus: 200, requestExample: { contactId: example.ownerId },
  responses: { 200: { description: 'What was linked', body: manualLinkView, example } },
  problems: ['not-found'],
});

export const unlinkThreadOp = contract({
  operationId: 'unlinkThread', method: 'DELETE', path: '/threads/{id}/links/{kind}/{ownerId}', fn, tag, summary: 'Unlink a thread from a contact or company',
  description: 'Every message of the thread leaves the record\'s timeline and keeps an "unlinked by" marker, so the automatic linker never links it to '
    + 'that record again (a staff link clears the marker). Audited as `unlinked` on the thread. 404 as for linking.',
  params: unlinkThreadParams,
  responses: { 200: { description: 'What was unlinked', body: manualLinkView, example: { ...example, messages: 1 } } },
  problems: ['not-found'],
});

export const contactFromMessageView = z.object({
  contactId: contactId, companyId: companyId.nullable(), messageId,
  created: z.boolean().meta({ description: 'false when the sender\'s address already belonged to a contact (that one is linked)' }),
}).meta({ id: 'ContactFromMessage' });

export const contactFromMessageOp = contract({
  operationId: 'createContactFromMessage', method: 'POST', path: '/messages/{id}/contact', fn, tag, summary: 'Create a contact from a message\'s sender and link the message',
  description: 'Name from the sender\'s display name (else the address), the address, and the company of its domain (found or created; never for a '
    + 'free-mail domain). The message is linked to the contact and its company with provenance `manual`. 404 unless the caller sees the whole message.',
  params: idParamsOf(messageId), successStatus: 200,
  responses: { 200: { description: 'The contact', body: contactFromMessageView, example: { contactId: example.ownerId, companyId: null, messageId: '9f2c4e1a7b3d5f608192a3b4c5d6e7f8', created: true } } },
  problems: ['not-found'],
});

export const links = [linkThreadOp, unlinkThreadOp, contactFromMessageOp];
