import { z } from 'zod';
import { contract } from '../contract.js';
import { idParamsOf, messageId, pageFields, pageOf, threadId } from './common.js';

const trailRow = z.object({
  at: z.string(),
  event: z.string().meta({ description: '`synced`, `replied`, `linked`, `relinked`, `unlinked`, `converted-to-order`, or a thread audit action (`assigned`, `unassigned`, `completed`, `reopened`, `marked-read`, `restricted`, `hidden`, `deleted`…)' }),
  messageId: z.string().nullable(),
  userId: z.string().nullable(),
  source: z.enum(['message', 'audit', 'order']).meta({ description: 'Where the row was read: the message item, the thread\'s audit rows, or the order made from the message' }),
  details: z.record(z.string(), z.unknown()),
});
export const trailView = pageOf(trailRow);
export const trailQuery = z.strictObject({ ...pageFields });

const tag = 'inbox';
const fn = 'mail-api' as const;
const example = { nextCursor: null, items: [
  { at: '2026-11-29T18:00:05.000Z', event: 'assigned', messageId: null, userId: 'user-7', source: 'audit' as const, details: { changes: { assigneeId: { old: null, new: 'user-7' } } } },
  { at: '2026-11-29T18:00:01.000Z', event: 'linked', messageId: '9f2c4e1a7b3d5f608192a3b4c5d6e7f8', userId: null, source: 'message' as const, details: { kind: 'contact', id: '01JDQ3M6N8V4W2X5Y7Z9A1B3C5', provenance: 'exact_address' } },
  { at: '2026-11-29T18:00:01.000Z', event: 'synced', messageId: '9f2c4e1a7b3d5f608192a3b4c5d6e7f8', userId: null, source: 'message' as const, details: { mailboxId: '01JDQ3M6N8V4W2X5Y7Z9A1B3C6', folderRole: 'inbox', direction: 'inbound', date: '2026-11-29T17:59:00.000Z' } },
] };
const SOURCES = 'Rows are derived from what is stored (docs/inbox.md, "Audit trail"), newest first; 404 unless the caller may see the mail (private mail rules apply).';

export const messageTrailOp = contract({
  operationId: 'getMessageTrail', method: 'GET', path: '/messages/{id}/trail', fn, tag, summary: 'What happened to one message: synced, linked, relinked, unlinked, converted to order',
  description: SOURCES, params: idParamsOf(messageId), query: trailQuery, responses: { 200: { description: 'The trail', body: trailView, example } }, problems: ['not-found'],
});

export const threadTrailOp = contract({
  operationId: 'getThreadTrail', method: 'GET', path: '/threads/{id}/trail', fn, tag,
  summary: 'What happened to a thread: its messages\' rows and the staff actions on it (assigned, completed, replied, linked, deleted…)',
  description: `${SOURCES} Reads the thread's newest 100 messages and 200 audit rows.`,
  params: idParamsOf(threadId), query: trailQuery, responses: { 200: { description: 'The trail', body: trailView, example } }, problems: ['not-found'],
});

export const trail = [messageTrailOp, threadTrailOp];
