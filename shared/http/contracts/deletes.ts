import * as z from 'zod';
import { contract } from '../contract.js';
import { idParamsOf, messageId, threadId } from './common.js';

export const deleteThreadQuery = z.strictObject({
  mode: z.enum(['crm', 'mailbox']).default('crm')
    .meta({ description: '`crm`: hidden in the CRM only; `mailbox`: also deleted from the mail server (to Trash, else expunged), then removed from the CRM' }),
});

export const deleteThreadView = z.object({
  threadId,
  mode: z.enum(['crm', 'mailbox']),
  deletedAt: z.iso.datetime(),
  deletedBy: z.string(),
  messages: z.number().int().meta({ description: 'Messages the thread held when deleted' }),
  mailboxJobs: z.number().int().meta({ description: 'Server-side deletes queued for the sync function (mode `mailbox`), one per mailbox and 50 messages' }),
  notOnServer: z.number().int().meta({ description: 'Messages without a Message-ID: no server can find them, so they stay hidden in the CRM instead' }),
}).meta({ id: 'DeletedThread' });

const tag = 'inbox';
const fn = 'mail-api' as const;
const example = {
  threadId: '4b1d9e7c2a8f6e3d0c5b4a3928171605', mode: 'mailbox' as const, deletedAt: '2026-11-29T18:00:00.000Z', deletedBy: 'user-7', messages: 3, mailboxJobs: 1, notOnServer: 0,
};

export const deleteThreadOp = contract({
  operationId: 'deleteThread', method: 'DELETE', path: '/threads/{id}', fn, tag, summary: 'Delete a thread: hide it in the CRM, or also delete it from the mailbox (If-Match required)',
  description: 'Admins and the thread\'s assignee only (403 `forbidden` for other staff). The thread leaves the inbox, its counts and search, its customers\' '
    + 'timelines and interaction stats, and every read route answers 404; each linked contact and company keeps a history line (`deleted_mail` on its timeline) '
    + 'and the thread an audit row `delete`. The next sync never imports the mail again. With `mode=mailbox` the sync function then moves the mail to the '
    + 'server\'s Trash (or flags it \\\\Deleted and expunges it) and removes the CRM items and stored objects. If-Match must carry the thread version (428/412). '
    + 'A retry with the same Idempotency-Key by the same user answers as the first request and finishes what a crash left; without one a retry is 404.',
  params: idParamsOf(threadId), query: deleteThreadQuery, requestHeaders: ['if-match', 'idempotency-key'], successStatus: 200,
  responses: { 200: { description: 'The deletion', body: deleteThreadView, example } },
  problems: ['not-found', 'forbidden'],
});

export const deletedMessageView = z.object({
  messageId, threadId,
  mode: z.enum(['crm', 'mailbox']),
  deletedAt: z.iso.datetime(),
  deletedBy: z.string(),
  threadDeleted: z.boolean().meta({ description: 'It was the thread\'s last message: the thread was deleted as DELETE /threads/{id} does' }),
  mailboxJobs: z.number().int().meta({ description: 'Server-side deletes queued for the sync function (mode `mailbox`)' }),
  notOnServer: z.number().int().meta({ description: 'Messages without a Message-ID (or SMS): no server can find them, so they stay hidden in the CRM instead' }),
}).meta({ id: 'DeletedMessage' });

export const deleteMessageOp = contract({
  operationId: 'deleteMessage', method: 'DELETE', path: '/messages/{id}', fn, tag, summary: 'Delete one message: hide it in the CRM, or also delete it from the mailbox (If-Match: the thread\'s version)',
  description: 'As DELETE /threads/{id} for one message: admins and the thread\'s assignee only, If-Match with the thread\'s version, Idempotency-Key for a replay. '
    + 'The message leaves the thread, its inbox line (latest time, snippet and sender recomputed from the remaining messages), search, its customers\' timelines and '
    + 'interaction stats; each linked contact and company keeps a history line and the thread an audit row `delete` naming the message. With `mode=mailbox` the sync '
    + 'function moves it to the server\'s Trash (or expunges it) and removes its CRM items and objects. The thread\'s last message deletes the thread.',
  params: idParamsOf(messageId), query: deleteThreadQuery, requestHeaders: ['if-match', 'idempotency-key'], successStatus: 200,
  responses: { 200: { description: 'The deletion', body: deletedMessageView, example: {
    messageId: '9c1d9e7c2a8f6e3d0c5b4a3928171605', threadId: example.threadId, mode: 'mailbox' as const, deletedAt: example.deletedAt, deletedBy: 'user-7', threadDeleted: false, mailboxJobs: 1, notOnServer: 0,
  } } },
  problems: ['not-found', 'forbidden'],
});

export const deletes = [deleteThreadOp, deleteMessageOp];
