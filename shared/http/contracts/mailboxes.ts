import { z } from 'zod';
import { contract } from '../contract.js';

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const idParams = z.strictObject({ id });
const host = z.string().trim().min(1).max(253).regex(/^[A-Za-z0-9.:[\]_-]+$/, 'must be a host name or IP address');
const folder = z.strictObject({ path: z.string().min(1).max(255).refine((p) => !/[\r\n\0]/.test(p), 'must be one line'), role: z.enum(['inbox', 'sent', 'other']) });
const settings = {
  host,
  port: z.number().int().min(1).max(65535).optional(),
  security: z.enum(['tls', 'starttls', 'plain']).optional(),
  allowInsecure: z.boolean().optional(),
  username: z.string().min(1).max(320).refine((u) => !/[\r\n\0]/.test(u), 'must be one line'),
  folders: z.array(folder).min(1).max(20).optional(),
  addresses: z.array(z.email().max(320)).max(20).optional(),
};
const password = z.string().min(1).max(1024);

export const testMailboxBody = z.strictObject({ ...settings, password });
export const createMailboxBody = z.strictObject({ ...settings, password });
/** An empty or absent password keeps the stored one. */
export const patchMailboxBody = z.strictObject({
  ...z.object(settings).partial().shape,
  password: z.string().max(1024).optional(),
  paused: z.boolean().optional(),
});

const tag = 'mailboxes';
const fn = 'mailboxes-api' as const;
const role = 'admin' as const;
export const listMailboxesOp = contract({ operationId: 'listMailboxes', method: 'GET', path: '/mailboxes', fn, tag, role, summary: 'Connected mailboxes with their sync status' });
export const testMailboxOp = contract({ operationId: 'testMailbox', method: 'POST', path: '/mailboxes/test', fn, tag, role, summary: 'Test IMAP settings without storing them (a precise human error within 15 s)', body: testMailboxBody, successStatus: 200, rateLimit: { perMinute: 20 } });
export const createMailboxOp = contract({ operationId: 'createMailbox', method: 'POST', path: '/mailboxes', fn, tag, role, summary: 'Connect a mailbox (tested first; the password is stored envelope-encrypted)', body: createMailboxBody });
export const getMailboxOp = contract({ operationId: 'getMailbox', method: 'GET', path: '/mailboxes/{id}', fn, tag, role, summary: 'A mailbox with lastSyncAt, messagesSynced and lastError', params: idParams });
export const patchMailboxOp = contract({ operationId: 'patchMailbox', method: 'PATCH', path: '/mailboxes/{id}', fn, tag, role, summary: 'Change settings; an empty password keeps the stored one', params: idParams, body: patchMailboxBody });
export const deleteMailboxOp = contract({ operationId: 'deleteMailbox', method: 'DELETE', path: '/mailboxes/{id}', fn, tag, role, summary: 'Disconnect a mailbox (synced mail stays)', params: idParams, successStatus: 204 });
export const syncMailboxOp = contract({ operationId: 'syncMailbox', method: 'POST', path: '/mailboxes/{id}/sync', fn, tag, role, summary: 'Sync now with the stored credentials (safe while one runs)', params: idParams, successStatus: 202, rateLimit: { perMinute: 30 } });

const problemKind = z.enum(['unfetchable', 'too-large', 'unparsable']);
const problemCounts = z.object({ 'unfetchable': z.number().int(), 'too-large': z.number().int(), 'unparsable': z.number().int(), total: z.number().int() });
/** Mail of the mailbox that was not imported in full, and why. */
export const mailboxProblemView = z.object({
  id,
  kind: problemKind,
  reason: z.string(),
  folder: z.string().optional(),
  uid: z.number().int().optional(),
  uidValidity: z.string().optional(),
  size: z.number().int().optional(),
  messageId: z.string().optional(),
  subject: z.string().optional(),
  attempts: z.number().int(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  retryRequestedAt: z.string().optional(),
});
export const mailboxProblemsView = z.object({ mailboxId: id, counts: problemCounts, items: z.array(mailboxProblemView) });
const problemParams = z.strictObject({ id, problemId: id });

export const listMailboxProblemsOp = contract({ operationId: 'listMailboxProblems', method: 'GET', path: '/mailboxes/{id}/problems', fn, tag, role, summary: 'Mail not imported in full (unfetchable, too large, unparsable) with counts, reasons and attempts', params: idParams, response: mailboxProblemsView });
export const retryMailboxProblemOp = contract({ operationId: 'retryMailboxProblem', method: 'POST', path: '/mailboxes/{id}/problems/{problemId}/retry', fn, tag, role, summary: 'Try that mail again: fetch it again in a sync run now, or parse it again', params: problemParams, successStatus: 202, response: z.object({ queued: z.literal(true), problem: mailboxProblemView }) });

export const mailboxes = [listMailboxesOp, testMailboxOp, createMailboxOp, getMailboxOp, patchMailboxOp, deleteMailboxOp, syncMailboxOp, listMailboxProblemsOp, retryMailboxProblemOp];
