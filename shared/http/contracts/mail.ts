import { z } from 'zod';
import { contract } from '../contract.js';
import { timelinePage, timelineQuery } from './workspace.js';

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const idParams = z.strictObject({ id });
export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).optional(),
  cursor: z.string().max(4096).optional(),
});
export const attachmentParams = z.strictObject({ id, n: z.string().regex(/^\d{1,4}$/, 'must be an attachment index').transform(Number) });

const tag = 'mail';
const fn = 'mail-api' as const;
export const contactActivityOp = contract({ operationId: 'getContactActivity', method: 'GET', path: '/contacts/{id}/activity', fn, tag, summary: 'The contact\'s timeline, newest first: mail, logged activities and orders (type= filters, comma-separated; 404 unknown contact)', params: idParams, query: timelineQuery, response: timelinePage });
export const companyActivityOp = contract({ operationId: 'getCompanyActivity', method: 'GET', path: '/companies/{id}/activity', fn, tag, summary: 'The company\'s timeline, newest first: mail, logged activities and orders (type= filters, comma-separated; 404 unknown company)', params: idParams, query: timelineQuery, response: timelinePage });
export const listThreadsOp = contract({ operationId: 'listThreads', method: 'GET', path: '/threads', fn, tag, summary: 'Threads, newest first', query: pageQuery });
export const getThreadOp = contract({ operationId: 'getThread', method: 'GET', path: '/threads/{id}', fn, tag, summary: 'A thread with its messages', params: idParams });
export const getMessageOp = contract({ operationId: 'getMessage', method: 'GET', path: '/messages/{id}', fn, tag, summary: 'A message: text, sanitized html, attachments', params: idParams });
export const getAttachmentOp = contract({ operationId: 'getAttachment', method: 'GET', path: '/messages/{id}/attachments/{n}', fn, tag, summary: 'A short-lived download URL for one attachment (302)', params: attachmentParams, successStatus: 302 });

export const mail = [contactActivityOp, companyActivityOp, listThreadsOp, getThreadOp, getMessageOp, getAttachmentOp];
