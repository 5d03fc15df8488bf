import * as z from 'zod';
import { contract } from '../contract.js';
import { idParamsOf, isoTime, mailboxId, pageFields, pageOf } from './common.js';

const failureKind = z.enum([
  'wrong_password', 'imap_disabled', 'folder_missing', 'throttled', 'certificate', 'unreachable', 'timeout', 'connection_lost',
  'secret_rejected', 'needs_reauthorization', 'mailbox_reset', 'budget', 'protocol', 'unknown',
]);
const adviceKind = z.enum([...failureKind.options, 'too_large_skipped', 'stalled', 'rules_skip_all']);

const syncRunView = z.object({
  id: z.string(),
  startedAt: isoTime,
  durationMs: z.number().int().min(0),
  outcome: z.enum(['synced', 'stopped', 'failed']).meta({ description: '`stopped`: at the run\'s time or size budget; the next run continues' }),
  trigger: z.string().meta({ description: 'schedule, manual, continue, ...' }),
  folders: z.number().int().min(0).meta({ description: 'Folders finished' }),
  messages: z.number().int().min(0).meta({ description: 'Messages handed on to the parser' }),
  commands: z.number().int().min(0).meta({ description: 'IMAP commands sent, LOGIN included' }),
  bytes: z.number().int().min(0).meta({ description: 'Mail bytes downloaded' }),
  failure: z.object({
    kind: failureKind,
    step: z.enum(['open_secret', 'connect', 'login', 'folder']),
    folder: z.string().optional(),
    message: z.string(),
    server: z.object({ code: z.string().optional(), text: z.string().optional() }).optional()
      .meta({ description: "The server's own response code and words, as it sent them (one line, at most 200 characters)" }),
  }).optional(),
}).meta({ id: 'SyncRun' });

export const mailboxHealthView = z.object({
  mailboxId,
  status: z.enum(['healthy', 'degraded', 'failing', 'stalled']),
  lastSuccessAt: isoTime.optional(),
  stalledAt: isoTime.meta({ description: 'When the mailbox counts as stalled unless a run finishes first: three schedule intervals after the last finished run' }),
  advice: z.array(z.object({ kind: adviceKind, text: z.string() })).meta({ description: 'One sentence of what to do per problem seen' }),
  ...pageOf(syncRunView).shape,
});

const at = '2026-11-02T09:15:00.000Z';
export const getMailboxHealthOp = contract({
  operationId: 'getMailboxHealth', method: 'GET', path: '/mailboxes/{id}/health', fn: 'mailboxes-api', tag: 'mailboxes', role: 'staff',
  summary: 'Sync health: status, advice and the last runs', params: idParamsOf(mailboxId), query: z.strictObject(pageFields),
  description: 'Readable by staff. `stalled` when no run finished in three schedule intervals (also when no run happened at all); `failing` when the latest run failed; `degraded` when it succeeded but recent runs failed, the provider throttled, mail was skipped as too large, or the mail rules skipped every new message of the last 7 days (at least 10).',
  responses: { 200: { description: 'The health of the mailbox', body: mailboxHealthView, example: {
    mailboxId: '01JDQ3Q4S6T8V0W2X4Y6Z8A0B2', status: 'failing', lastSuccessAt: at, stalledAt: '2026-11-02T09:30:00.000Z',
    advice: [{ kind: 'wrong_password', text: 'The server refused the password: create a new app password with your mail provider and enter it in the mailbox settings.' }],
    nextCursor: null,
    items: [{ id: '5b0f3c0e-7d1a-4a52-9c1e-2f6b8a0d4e11', startedAt: '2026-11-02T09:20:00.000Z', durationMs: 412, outcome: 'failed', trigger: 'schedule', folders: 0, messages: 0, commands: 2, bytes: 0,
      failure: { kind: 'wrong_password', step: 'login', message: 'authentication failed: check the app password', server: { code: 'AUTHENTICATIONFAILED', text: 'Authentication failed.' } } }],
  } } },
  problems: ['not-found'],
});
