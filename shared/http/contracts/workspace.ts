import * as z from 'zod';
import { privacyField, provenanceView } from './mail-views.js';
import { ACTIVITY_LIMITS as L, ACTIVITY_TYPES } from '../../domain/activities/activity.js';
import { TIMELINE_TYPES } from '../../domain/activities/timeline.js';
import { lineText, noteText } from '../../domain/contacts/text-rules.js';
import { contract } from '../contract.js';
import { activityExample, createActivityExample, noContent, ok, patchActivityExample } from './workspace-examples.js';

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'is not an id');
const userId = z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/, 'is not a user id');
const instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v).toISOString());
export const workspaceIdParams = z.strictObject({ id });

const activityFields = {
  type: z.enum(ACTIVITY_TYPES),
  subject: lineText(L.subject),
  at: instant,
  durationMinutes: z.number().int().min(0).max(L.durationMinutes),
  ownerId: userId,
  staffIds: z.array(userId).max(L.staff),
  contactIds: z.array(id).max(L.contacts),
  companyIds: z.array(id).max(L.companies),
  orderId: id,
  threadId: id,
  outcome: noteText(L.outcome),
  notes: noteText(L.notes),
  location: lineText(L.subject),
  doneAt: instant,
};
const { type, subject, at, ...optional } = activityFields;
export const createActivityBody = z.strictObject({ type, subject, at, ...z.object(optional).partial().shape });
export const patchActivityBody = z.strictObject({
  type, subject, at, ownerId: activityFields.ownerId, staffIds: activityFields.staffIds, contactIds: activityFields.contactIds, companyIds: activityFields.companyIds,
  durationMinutes: activityFields.durationMinutes.nullable(), orderId: id.nullable(), threadId: id.nullable(), outcome: activityFields.outcome.nullable(),
  notes: activityFields.notes.nullable(), location: activityFields.location.nullable(), doneAt: instant.nullable(),
}).partial();

export const activityView = z.object({
  id: z.string(), type: z.enum(ACTIVITY_TYPES), subject: z.string(), at: z.string(), durationMinutes: z.number().nullable(), ownerId: z.string(),
  staffIds: z.array(z.string()), contactIds: z.array(z.string()), companyIds: z.array(z.string()), orderId: z.string().nullable(),
  threadId: z.string().nullable(), outcome: z.string().nullable(), notes: z.string().nullable(), location: z.string().nullable(),
  doneAt: z.string().nullable(), createdBy: z.string(), createdAt: z.string(), updatedAt: z.string(), version: z.number(),
});

/** `type=meeting,call` (API Gateway joins repeated parameters with commas, so both spellings work). */
export const timelineQuery = z.strictObject({
  type: z.string().max(200).transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(TIMELINE_TYPES)).max(TIMELINE_TYPES.length)).optional(),
  limit: z.coerce.number().int().min(1).optional(),
  cursor: z.string().max(4096).optional(),
});

const mailLine = z.object({
  kind: z.literal('mail'), type: z.literal('email'), at: z.string(), messageId: z.string(), threadId: z.string(), subject: z.string(), date: z.string(),
  sender: z.object({ address: z.string(), name: z.string().optional() }), snippet: z.string(), direction: z.enum(['inbound', 'outbound']),
  automated: z.string().nullable(), convertible: z.boolean(), orderId: z.string().nullable(), provenance: provenanceView, privacy: privacyField,
});
const activityLine = z.object({
  kind: z.literal('activity'), type: z.enum(ACTIVITY_TYPES), at: z.string(), activityId: z.string(), subject: z.string(), ownerId: z.string(),
  durationMinutes: z.number().nullable(), outcome: z.string().nullable(), doneAt: z.string().nullable(),
});
const orderLine = z.object({
  kind: z.literal('order'), type: z.literal('order'), at: z.string(), orderId: z.string(), status: z.string(), total: z.number(), currency: z.string(), memo: z.string(),
});
const deletedMailLine = z.object({
  kind: z.literal('deleted_mail'), type: z.literal('email'), at: z.string(), threadId: z.string(), deletedBy: z.string(), mode: z.enum(['crm', 'mailbox']),
  messageCount: z.number().int(), subject: z.string().meta({ description: 'empty when the thread was private or restricted' }),
}).meta({ description: 'Mail staff deleted: who, when, how, and how many messages (DELETE /threads/{id})' });
export const timelinePage = z.object({ items: z.array(z.discriminatedUnion('kind', [mailLine, activityLine, orderLine, deletedMailLine])), nextCursor: z.string().nullable() });

const tag = 'workspace';
const fn = 'workspace-api' as const;
export const createActivityOp = contract({
  operationId: 'createActivity', method: 'POST', path: '/activities', fn, tag, body: createActivityBody, responses: ok(201, activityView, activityExample),
  summary: 'Log a meeting, call, email, visit, note or task on its contacts\' and companies\' timelines (400 unknown contact, company, order, thread or staff user; ownerId defaults to the caller)', requestExample: createActivityExample, description: 'Log a meeting, call, email, visit, note or task on its contacts\' and companies\' timelines (400 unknown contact, company, order, thread or staff user; ownerId defaults to the caller)'});
export const getActivityOp = contract({ operationId: 'getActivity', method: 'GET', path: '/activities/{id}', fn, tag, params: workspaceIdParams, responses: ok(200, activityView, activityExample), problems: ['not-found'], summary: 'A logged activity (ETag = version; 404 when unknown)', description: 'A logged activity (ETag = version; 404 when unknown)'});
export const patchActivityOp = contract({
  operationId: 'patchActivity', method: 'PATCH', path: '/activities/{id}', fn, tag, params: workspaceIdParams, body: patchActivityBody, responses: ok(200, activityView, activityExample),
  problems: ['not-found'], summary: 'Change a logged activity; audited (If-Match required: 428 without, 412 when stale; 404, 400)', requestExample: patchActivityExample, requestHeaders: ['if-match'], description: 'Change a logged activity; audited (If-Match required: 428 without, 412 when stale; 404, 400)'});
export const deleteActivityOp = contract({
  operationId: 'deleteActivity', method: 'DELETE', path: '/activities/{id}', fn, tag, params: workspaceIdParams, successStatus: 204,
  problems: ['not-found', 'version-mismatch'], summary: 'Delete a logged activity and its timeline lines; the audit row keeps what it was (If-Match optional: 412 when stale; 404)', responses: noContent, description: 'Delete a logged activity and its timeline lines; the audit row keeps what it was (If-Match optional: 412 when stale; 404)'});

export const workspace = [createActivityOp, getActivityOp, patchActivityOp, deleteActivityOp];
