import * as z from 'zod';
import { CAPTURE_STATES } from '../../domain/contacts/capture.js';
import { contract } from '../contract.js';
import { contactId, isoTime, messageId, pageFields, pageOf, threadId } from './common.js';

/** A capture id: 32 hex characters derived from the Space and the address. */
export const captureId = z.string().regex(/^[0-9a-f]{32}$/, 'is not a capture id').meta({ description: 'capture id (32 hex characters)', examples: ['5d41402abc4b2a76b9719d911017c592'] });

export const captureView = z.object({
  id: captureId,
  address: z.string(),
  name: z.string().meta({ description: 'Read from the display name (or the address) of the mail' }),
  companyDomain: z.string().optional().meta({ description: 'Approve links the contact to the company owning this domain, creating it when none does; absent for free-mail addresses' }),
  source: z.object({ messageId, threadId, subject: z.string(), date: isoTime, direction: z.enum(['inbound', 'outbound']) })
    .meta({ description: 'The mail that caused the capture' }),
  state: z.enum(CAPTURE_STATES),
  capturedAt: isoTime,
  contactId: contactId.optional().meta({ description: 'The contact it became (approved) or joined (merged)' }),
  decidedAt: isoTime.optional(),
  decidedBy: z.string().optional(),
  blocklisted: z.boolean().optional(),
}).meta({ id: 'Capture' });

const example = {
  id: '5d41402abc4b2a76b9719d911017c592', address: 'jane.doe@northwind.example', name: 'Jane Doe', companyDomain: 'northwind.example',
  source: { messageId: '9f2c4e1a7b3d5f608192a3b4c5d6e7f8', threadId: '4b1d9e7c2a8f6e3d0c5b4a3928171605', subject: 'Quote for widgets', date: '2026-11-29T09:00:00.000Z', direction: 'inbound' },
  state: 'pending', capturedAt: '2026-11-29T09:00:02.000Z',
};
const decided = { ...example, state: 'approved', contactId: '01JDQ3M6N8V4W2X5Y7Z9A1B3C5', decidedAt: '2026-11-29T10:00:00.000Z', decidedBy: 'user-1' };

const idParams = z.strictObject({ id: captureId });
export const mergeCaptureBody = z.strictObject({ contactId });
export const rejectCaptureBody = z.strictObject({
  blocklist: z.boolean().default(false).meta({ description: 'Also add the address to the mail rules blocklist (admins only)' }),
});
export const bulkCapturesBody = z.strictObject({
  action: z.enum(['approve', 'reject']),
  ids: z.array(captureId).min(1).max(50),
  blocklist: z.boolean().default(false).meta({ description: 'With reject: also blocklist each address (admins only)' }),
});
const bulkResult = z.object({
  results: z.array(z.object({
    id: captureId,
    capture: captureView.optional(),
    problem: z.object({ code: z.string(), status: z.number().int() }).optional().meta({ description: 'Why this one was not decided (the others still were)' }),
  })),
}).meta({ id: 'CaptureBulkResult' });

const tag = 'contacts';
const fn = 'contacts-api' as const;
const one = (description: string) => ({ 200: { description, body: captureView, example: decided } });
const DECIDE_NOTE = 'Repeating the same decision returns the capture unchanged; a different decision on a decided capture is 409 `capture-decided`.';

export const listCapturesOp = contract({
  operationId: 'listCaptures', method: 'GET', path: '/captures', fn, tag, summary: 'The review queue: contacts captured from mail, pending, newest first',
  description: 'Addresses the capture policy (`contactCreation` in the mail rules, with `review: true`) proposed as contacts, each with the mail that caused it; decided ones leave the list.',
  query: z.strictObject({ ...pageFields }),
  responses: { 200: { description: 'One page of pending captures', body: pageOf(captureView), example: { items: [example], nextCursor: null } } },
});
export const approveCaptureOp = contract({
  operationId: 'approveCapture', method: 'POST', path: '/captures/{id}/approve', fn, tag, summary: 'Approve a captured contact', params: idParams, successStatus: 200,
  description: `Creates the contact (name and address from the capture, \`capturedFrom\` naming the mail) with the company of its domain, found or created; its past mail is linked to it. ${DECIDE_NOTE}`,
  responses: one('The approved capture with its contactId'), problems: ['not-found', 'capture-decided'],
});
export const mergeCaptureOp = contract({
  operationId: 'mergeCapture', method: 'POST', path: '/captures/{id}/merge', fn, tag, summary: 'Add a captured address to an existing contact', params: idParams, body: mergeCaptureBody, successStatus: 200,
  description: `The address joins the contact's emails (its past mail is linked to it). ${DECIDE_NOTE}`,
  requestExample: { contactId: '01JDQ3M6N8V4W2X5Y7Z9A1B3C5' },
  responses: one('The merged capture'), problems: ['not-found', 'capture-decided', 'duplicate-email', 'record-merged', 'merge-in-progress', 'conflict'],
});
export const rejectCaptureOp = contract({
  operationId: 'rejectCapture', method: 'POST', path: '/captures/{id}/reject', fn, tag, summary: 'Reject a captured contact', params: idParams, body: rejectCaptureBody, successStatus: 200,
  description: `The address is never proposed (nor, without review, created) again; \`blocklist: true\` also stops importing its mail (admins only). ${DECIDE_NOTE}`,
  requestExample: { blocklist: false },
  responses: one('The rejected capture'), problems: ['not-found', 'capture-decided', 'forbidden', 'conflict'],
});
export const bulkCapturesOp = contract({
  operationId: 'decideCaptures', method: 'POST', path: '/captures/bulk', fn, tag, summary: 'Approve or reject up to 50 captures at once', body: bulkCapturesBody, successStatus: 200,
  description: 'Each capture is decided on its own, as the single operations would; `results` says, per id, the capture or the problem that stopped it.',
  requestExample: { action: 'approve', ids: ['5d41402abc4b2a76b9719d911017c592'] },
  responses: { 200: { description: 'One result per id, in order', body: bulkResult, example: { results: [{ id: decided.id, capture: decided }] } } },
  problems: ['forbidden'],
});

export const captures = [listCapturesOp, approveCaptureOp, mergeCaptureOp, rejectCaptureOp, bulkCapturesOp];
