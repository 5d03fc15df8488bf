import * as z from 'zod';
import { contract } from '../contract.js';
import { idParamsOf, isoTime, mailboxId, pageFields, pageOf } from './common.js';
import { getMailboxHealthOp } from './mailbox-health.js';
import { mailboxExample, mailboxPage, mailboxTestExample, mailboxTestView, mailboxView } from './mailbox-views.js';

const idParams = idParamsOf(mailboxId);
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
  historyDays: z.number().int().min(1).max(3650).optional()
    .meta({ description: 'Days of past mail the first sync imports (default 30); POST /mailboxes/{id}/preview shows what that would create' }),
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
/** Staff see mailbox status and sync health and may press Sync now; only admins connect, change or remove. */
const statusRole = 'staff' as const;
const connectProblems = ['mailbox-connect-failed', 'mailbox-auth-failed', 'mailbox-unavailable'];
const one = (description: string, status = 200) => ({ [status]: { description, body: mailboxView, example: mailboxExample, headers: ['etag' as const] } });
const settingsExample = { host: 'imap.northwind.example', username: 'sales@acme-supplies.example', password: 'app-password', addresses: ['sales@acme-supplies.example'] };

export const listMailboxesOp = contract({
  operationId: 'listMailboxes', method: 'GET', path: '/mailboxes', fn, tag, role: statusRole, summary: 'Connected mailboxes with their sync status',
  description: 'Every mailbox of the Space in one page (`nextCursor` is always null: a Space has few mailboxes).',
  responses: { 200: { description: 'The mailboxes', body: mailboxPage, example: { items: [mailboxExample], nextCursor: null } } },
});
export const testMailboxOp = contract({
  operationId: 'testMailbox', method: 'POST', path: '/mailboxes/test', fn, tag, role, summary: 'Test IMAP settings without storing them (a precise human error within 15 s)', body: testMailboxBody, successStatus: 200, rateLimit: { perMinute: 20 },
  description: 'Connects, logs in and lists folders; nothing is stored. Failures are 422 problems whose `kind` says what to fix. Hosts on private networks are refused.',
  requestExample: settingsExample, problems: connectProblems,
  responses: { 200: { description: 'The server accepted the settings', body: mailboxTestView, example: mailboxTestExample } },
});
export const createMailboxOp = contract({
  operationId: 'createMailbox', method: 'POST', path: '/mailboxes', fn, tag, role, summary: 'Connect a mailbox (tested first; the password is stored envelope-encrypted)', body: createMailboxBody,
  description: 'Tests the settings, stores them with the password sealed for this Space and mailbox, and queues a first sync. The password is never returned.',
  requestExample: settingsExample, responses: one('The connected mailbox', 201), problems: [...connectProblems, 'secret-unavailable', 'mailbox-limit-reached'],
});
export const getMailboxOp = contract({
  operationId: 'getMailbox', method: 'GET', path: '/mailboxes/{id}', fn, tag, role: statusRole, summary: 'A mailbox with lastSyncAt, messagesSynced and lastError', params: idParams,
  description: '`lastError` is a short human sentence from the last failed poll; `paused` mailboxes are not polled.',
  responses: one('The mailbox'), problems: ['not-found'],
});
export const patchMailboxOp = contract({
  operationId: 'patchMailbox', method: 'PATCH', path: '/mailboxes/{id}', fn, tag, role, summary: 'Change settings; an empty password keeps the stored one', params: idParams, body: patchMailboxBody,
  description: 'Changing host, port, security or username needs the password again (400 naming `password`), so a stored password is never sent to a new endpoint; changed connection settings are tested before they are saved. A successful re-connect resumes a paused mailbox unless `paused` is sent. If-Match must carry the current version (428 without, 412 when stale); sync status changes do not change the version.',
  requestHeaders: ['if-match'], requestExample: { paused: true }, responses: one('The changed mailbox'),
  problems: ['not-found', ...connectProblems, 'secret-unavailable', 'secret-rejected'],
});
export const deleteMailboxOp = contract({
  operationId: 'deleteMailbox', method: 'DELETE', path: '/mailboxes/{id}', fn, tag, role, summary: 'Disconnect a mailbox (synced mail stays)', params: idParams, successStatus: 204,
  description: 'DELETE deletes: the settings, the sealed password and the sync state are removed for good; synced mail, threads and their links stay. Connect again with POST /mailboxes.',
  responses: { 204: { description: 'Disconnected' } }, problems: ['not-found'],
});
export const syncMailboxOp = contract({
  operationId: 'syncMailbox', method: 'POST', path: '/mailboxes/{id}/sync', fn, tag, role: statusRole, summary: 'Sync now with the stored credentials (safe while one runs)', params: idParams, successStatus: 202, rateLimit: { perMinute: 30 },
  description: 'Queues one poll of the mailbox; a poll already running makes it a no-op. Watch `lastSyncAt` and `lastError` on GET /mailboxes/{id}.',
  responses: { 202: { description: 'The sync is queued', body: z.object({ queued: z.literal(true) }).meta({ id: 'SyncQueued' }), example: { queued: true } } },
  problems: ['not-found'],
});

const problemId = z.string().regex(/^[fp][0-9a-f]{32}$/, 'is not a mailbox problem id')
  .meta({ description: 'mailbox problem id: stable for the same UID or the same raw mail', examples: ['f6d0c3b2a1908f7e6d5c4b3a291807065'] });
const problemKind = z.enum(['unfetchable', 'too_large', 'unparsable'])
  .meta({ description: '`unfetchable`: the server refused the UID 3 times; `too_large`: above the size cap, kept as headers; `unparsable`: the MIME could not be read' });
/** Mail of the mailbox that was not imported in full, and why. */
export const mailboxProblemView = z.object({
  id: problemId,
  kind: problemKind,
  reason: z.string().meta({ description: 'What went wrong, in a short sentence' }),
  folder: z.string().optional(),
  uid: z.number().int().optional(),
  uidValidity: z.string().optional(),
  size: z.number().int().optional(),
  messageId: z.string().optional(),
  subject: z.string().optional(),
  attempts: z.number().int(),
  firstSeenAt: isoTime,
  lastSeenAt: isoTime,
  retryRequestedAt: isoTime.optional(),
}).meta({ id: 'MailboxProblem' });
export const mailboxProblemsView = z.object({ mailboxId, counts: mailboxView.shape.problems, ...pageOf(mailboxProblemView).shape });
const problemParams = z.strictObject({ id: mailboxId, problemId });
const problemExample = {
  id: 'f6d0c3b2a1908f7e6d5c4b3a291807065', kind: 'unfetchable', reason: 'the server answered BAD to FETCH 3 times',
  folder: 'INBOX', uid: 412, uidValidity: '1700000000', attempts: 3, firstSeenAt: '2026-11-02T09:15:00.000Z', lastSeenAt: '2026-11-02T09:25:00.000Z',
};

export const listMailboxProblemsOp = contract({
  operationId: 'listMailboxProblems', method: 'GET', path: '/mailboxes/{id}/problems', fn, tag, role,
  summary: 'Mail not imported in full (unfetchable, too large, unparsable) with counts, reasons and attempts', params: idParams,
  query: z.strictObject(pageFields),
  description: 'Counts of every problem of the mailbox, and its problems page by page (a stable order) with their reasons. A problem disappears once its mail is imported.',
  responses: { 200: { description: 'The counts and the most recent problems', body: mailboxProblemsView, example: {
    mailboxId: '01JDQ3Q4S6T8V0W2X4Y6Z8A0B2', counts: { unfetchable: 1, too_large: 0, unparsable: 0, total: 1 }, items: [problemExample], nextCursor: null,
  } } },
  problems: ['not-found'],
});
export const retryMailboxProblemOp = contract({
  operationId: 'retryMailboxProblem', method: 'POST', path: '/mailboxes/{id}/problems/{problemId}/retry', fn, tag, role,
  summary: 'Try that mail again: fetch it again in a sync run now, or parse it again', params: problemParams, successStatus: 202,
  description: 'Unparsable mail is parsed again from the stored raw mail; unfetchable and too-large mail is fetched again by a sync run queued now, under the size cap in force then.',
  responses: { 202: { description: 'The retry is queued', body: z.object({ queued: z.literal(true), problem: mailboxProblemView }).meta({ id: 'MailboxProblemRetry' }),
    example: { queued: true, problem: { ...problemExample, retryRequestedAt: '2026-11-02T09:30:00.000Z' } } } },
  problems: ['not-found'],
});

export const mailboxes = [listMailboxesOp, testMailboxOp, createMailboxOp, getMailboxOp, patchMailboxOp, deleteMailboxOp, syncMailboxOp, listMailboxProblemsOp, retryMailboxProblemOp, getMailboxHealthOp];
