import * as z from 'zod';
import { contract } from '../contract.js';
import { idParamsOf, messageId, pageFields, pageOf, threadId } from './common.js';

const trailImap = z.strictObject({
  mailboxId: z.string(),
  folders: z.array(z.strictObject({
    path: z.string().meta({ description: 'The IMAP folder path' }),
    uids: z.array(z.number().int().positive()).meta({ description: 'The UIDs in that folder: the one the mail was fetched from, or those a delete moved or expunged (at most 100)' }),
    uidValidity: z.string().optional().meta({ description: 'The folder\'s UIDVALIDITY then; a UID names a mail only under it' }),
    moreUids: z.number().int().positive().optional().meta({ description: 'UIDs touched beyond the 100 listed' }),
  })),
  movedTo: z.string().optional().meta({ description: 'Deletes: the Trash folder the mail was moved to; absent when it was expunged' }),
}).meta({ description: 'Where on the IMAP server: for `synced`/`replied`, the folder, UID and UIDVALIDITY the mail was fetched from (absent for mail synced before this was kept, SMS and CRM sends not yet found in Sent); for a `deleted` row of the sync function (`details.step` `removed-from-mailbox`), the folders and UIDs it touched and where the mail went' });

const trailRow = z.object({
  at: z.string(),
  event: z.string().meta({ description: '`synced`, `replied`, `linked`, `relinked`, `unlinked`, `converted-to-order`, or a thread audit action (`assigned`, `unassigned`, `completed`, `reopened`, `marked-read`, `restricted`, `hidden`, `deleted`…)' }),
  messageId: z.string().nullable(),
  userId: z.string().nullable(),
  source: z.enum(['message', 'audit', 'order']).meta({ description: 'Where the row was read: the message item, the thread\'s audit rows, or the order made from the message' }),
  details: z.record(z.string(), z.unknown()),
  imap: trailImap.optional(),
});
export const trailView = pageOf(trailRow);
export const trailQuery = z.strictObject({ ...pageFields });

const tag = 'inbox';
const fn = 'mail-api' as const;
const example = { nextCursor: null, items: [
  { at: '2026-11-29T18:00:05.000Z', event: 'assigned', messageId: null, userId: 'user-7', source: 'audit' as const, details: { changes: { assigneeId: { old: null, new: 'user-7' } } } },
  { at: '2026-11-29T18:00:01.000Z', event: 'linked', messageId: '9f2c4e1a7b3d5f608192a3b4c5d6e7f8', userId: null, source: 'message' as const, details: { kind: 'contact', id: '01JDQ3M6N8V4W2X5Y7Z9A1B3C5', provenance: 'exact_address' } },
  { at: '2026-11-29T18:00:01.000Z', event: 'synced', messageId: '9f2c4e1a7b3d5f608192a3b4c5d6e7f8', userId: null, source: 'message' as const, details: { mailboxId: '01JDQ3M6N8V4W2X5Y7Z9A1B3C6', folderRole: 'inbox', direction: 'inbound', date: '2026-11-29T17:59:00.000Z' },
    imap: { mailboxId: '01JDQ3M6N8V4W2X5Y7Z9A1B3C6', folders: [{ path: 'INBOX', uids: [4812], uidValidity: '1732000000' }] } },
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
