import * as z from 'zod';
import { contract } from '../contract.js';
import { timelinePage, timelineQuery } from './workspace.js';
import { ok, timelineExample } from './workspace-examples.js';
import { companyId, contactId, idParamsOf, messageId, pageFields, pageOf, threadId } from './common.js';
import {
  activityExample, activityView, attachmentLinkExample, attachmentLinkView, messageExample, messageView, threadDetailExample,
  threadDetailView, threadExample, threadView,
} from './mail-views.js';

export const pageQuery = z.strictObject(pageFields);
export const attachmentParams = z.strictObject({ id: messageId, n: z.string().regex(/^\d{1,4}$/, 'must be an attachment index').transform(Number) });

const tag = 'mail';
const fn = 'mail-api' as const;
const page = <T extends z.ZodType>(body: T, item: unknown, description: string) =>
  ({ 200: { description, body: pageOf(body), example: { items: [item], nextCursor: null } } });

export const contactActivityOp = contract({
  operationId: 'getContactActivity', method: 'GET', path: '/contacts/{id}/activity', fn, tag, summary: 'The contact\'s timeline, newest first: mail, logged activities and orders',
  description: 'Mail (one entry per message linked to the contact, also after merges; `convertible` says whether it can become an order), logged activities and orders, in one list; `type=` filters (comma-separated).',
  params: idParamsOf(contactId), query: timelineQuery, responses: ok(200, timelinePage, timelineExample), problems: ['not-found'],
});
export const companyActivityOp = contract({
  operationId: 'getCompanyActivity', method: 'GET', path: '/companies/{id}/activity', fn, tag, summary: 'The company\'s timeline, newest first: mail, logged activities and orders',
  description: 'Mail (one entry per message linked to the company through its domains or contacts), logged activities and orders, in one list; `type=` filters (comma-separated).',
  params: idParamsOf(companyId), query: timelineQuery, responses: ok(200, timelinePage, timelineExample), problems: ['not-found'],
});
export const listThreadsOp = contract({
  operationId: 'listThreads', method: 'GET', path: '/threads', fn, tag, summary: 'Threads, newest first',
  description: 'Every synced thread of the Space by its latest message.',
  query: pageQuery, responses: page(threadView, threadExample, 'One page of threads'),
});
export const threadQuery = z.strictObject({
  order: z.enum(['newest', 'oldest']).optional().meta({ description: 'Message order: `newest` (default) pages from the latest message back' }),
  ...pageFields,
});
export const getThreadOp = contract({
  operationId: 'getThread', method: 'GET', path: '/threads/{id}', fn, tag, summary: 'A thread with one page of its messages (ETag = version)',
  description: 'The thread summary, how staff work it, and a page of its messages, newest first unless `order=oldest`; `nextCursor` pages on. '
    + 'A restricted thread is visible to its assignee and admins only (404 to others).',
  params: idParamsOf(threadId), query: threadQuery,
  responses: { 200: { description: 'The thread', body: threadDetailView, example: threadDetailExample, headers: ['etag'] } }, problems: ['not-found'],
});
export const getMessageOp = contract({
  operationId: 'getMessage', method: 'GET', path: '/messages/{id}', fn, tag, summary: 'A message: text, sanitized html, attachments',
  description: 'The whole text and sanitized HTML come from the parsed mail; attachments are listed by index for GET /messages/{id}/attachments/{n}.',
  params: idParamsOf(messageId), responses: { 200: { description: 'The message', body: messageView, example: messageExample } }, problems: ['not-found'],
});
export const getAttachmentOp = contract({
  operationId: 'getAttachment', method: 'GET', path: '/messages/{id}/attachments/{n}', fn, tag, summary: 'A short-lived download URL for one attachment (302)',
  description: 'Redirects (Location) to a presigned URL valid for 5 minutes that downloads the attachment as a file; the body repeats the URL for clients that do not follow redirects.',
  params: attachmentParams, successStatus: 302, problems: ['not-found'],
  responses: { 302: { description: 'Redirect to the download', body: attachmentLinkView, example: attachmentLinkExample, headers: ['location'] } },
});

export const mail = [contactActivityOp, companyActivityOp, listThreadsOp, getThreadOp, getMessageOp, getAttachmentOp];
