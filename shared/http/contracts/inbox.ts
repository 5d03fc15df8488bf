import * as z from 'zod';
import { MAX_QUERY_CHARS } from '../../domain/search/search-tokens.js';
import { contract } from '../contract.js';
import { companyId, contactId, idParamsOf, mailboxId, pageFields, pageOf, threadId } from './common.js';
import { inboxCountsExample, inboxCountsView, inboxThreadExample, inboxThreadView } from './inbox-views.js';
import { threadDetailExample, threadDetailView } from './mail-views.js';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const userRef = z.string().regex(/^[A-Za-z0-9@._:|+-]{1,128}$/, 'must be me, none or a user id');

export const listInboxQuery = z.strictObject({
  q: z.string().max(MAX_QUERY_CHARS).optional()
    .meta({ description: 'Words that must each start a word of the subject, a participant address or name, or the snippet' }),
  unread: flag.optional(),
  assignee: userRef.optional().meta({ description: '`me`, `none` (unassigned) or a user id' }),
  status: z.enum(['open', 'completed']).optional(),
  mailboxId: mailboxId.optional(),
  contactId: contactId.optional(),
  companyId: companyId.optional(),
  hasOrder: flag.optional(),
  unlinked: flag.optional().meta({ description: '`true`: threads linked to no contact and no company' }),
  direction: z.enum(['inbound', 'outbound']).optional().meta({ description: 'Who wrote last: `inbound` = the customer waits for an answer' }),
  channel: z.enum(['email', 'sms']).optional().meta({ description: '`sms`: SMS conversations only; `email`: mail threads only' }),
  from: z.iso.datetime().optional().meta({ description: 'Latest message at or after this time' }),
  to: z.iso.datetime().optional().meta({ description: 'Latest message at or before this time' }),
  ...pageFields,
});

const tag = 'inbox';
const fn = 'mail-api' as const;

export const listInboxOp = contract({
  operationId: 'listInbox', method: 'GET', path: '/inbox', fn, tag, summary: 'Threads of every mailbox, filtered and searched',
  description: 'Newest first when filtering; with `q`, in index order of the matched word. Every filter given must hold. '
    + 'The read grows with the matching threads, never with the Space (see docs/inbox.md).',
  query: listInboxQuery,
  responses: { 200: { description: 'One page of threads', body: pageOf(inboxThreadView), example: { items: [inboxThreadExample], nextCursor: null } } },
});

export const inboxCountsOp = contract({
  operationId: 'getInboxCounts', method: 'GET', path: '/inbox/counts', fn, tag, summary: 'Thread counts per filter, for badges',
  description: 'Kept on every write in the same transaction that lists a thread under a filter: one small read.',
  responses: { 200: { description: 'The counts', body: inboxCountsView, example: inboxCountsExample } },
});

export const patchThreadBody = z.strictObject({
  assigneeId: userRef.nullable().optional().meta({ description: 'A user id to assign, null to unassign' }),
  status: z.enum(['open', 'completed']).optional().meta({ description: '`completed` completes, `open` reopens' }),
  unread: z.boolean().optional(),
  restricted: z.boolean().optional().meta({ description: 'Visible to the assignee and admins only' }),
  privacy: z.enum(['metadata', 'subject']).nullable().optional()
    .meta({ description: 'Private by hand (admins and the assignee): what other staff see of its mail, `metadata` or `subject`; null clears the mark' }),
}).refine((b) => Object.keys(b).length > 0, { message: 'must change at least one field' });

export const patchThreadOp = contract({
  operationId: 'patchThread', method: 'PATCH', path: '/threads/{id}', fn, tag, summary: 'Assign, complete, reopen, mark read or unread (If-Match required)',
  description: 'Each field that really changes is one audited action (`assigned`, `unassigned`, `completed`, `reopened`, `marked-read`, `marked-unread`, '
    + '`restricted`, `unrestricted`, `marked-private`, `unmarked-private`; GET /audit?entity=thread:<id>), written in the same transaction as the change. '
    + '`privacy` marks the whole thread private by hand (only admins and the assignee: 403 `forbidden` for others). If-Match must carry the '
    + 'thread version (428 without, 412 when another change came first). Answers with the first page of messages, newest first.',
  params: idParamsOf(threadId), body: patchThreadBody, requestHeaders: ['if-match'], requestExample: { assigneeId: 'user-7', status: 'open' },
  responses: { 200: { description: 'The changed thread', body: threadDetailView, example: threadDetailExample, headers: ['etag'] } },
  problems: ['not-found', 'forbidden'],
});

export const inbox = [listInboxOp, inboxCountsOp, patchThreadOp];
