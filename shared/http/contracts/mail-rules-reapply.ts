import * as z from 'zod';
import { contract } from '../contract.js';
import { isoTime, mailboxId } from './common.js';

const jobId = z.string().regex(/^[0-9A-Za-z]{26,32}$/, 'is not a job id')
  .meta({ description: 'job id: 32 hex characters derived from the Idempotency-Key, else a ULID', examples: ['3f9a0c1e5b7d2a4c6e8f0a1b2c3d4e5f'] });
const count = z.number().int().min(0);

export const reapplyBody = z.strictObject({
  days: z.number().int().min(1).max(3650).meta({ description: 'Re-apply to mail dated in the last this many days' }),
  mailboxId: mailboxId.optional().meta({ description: 'Only mail synced from this mailbox; default all mail' }),
});

export const reapplyJobView = z.object({
  id: jobId,
  status: z.enum(['queued', 'running', 'done', 'failed']),
  days: count,
  since: isoTime.meta({ description: 'Mail dated from here on is in the window' }),
  mailboxId: mailboxId.optional(),
  requestedAt: isoTime,
  startedAt: isoTime.optional(),
  finishedAt: isoTime.optional(),
  scanned: count.meta({ description: 'Messages judged so far' }),
  changed: count.meta({ description: 'Threads hidden or shown again, messages unlinked, linked again or kept as headers only, threads made private or unmarked: 0 when the rules already agreed' }),
  hiddenThreads: count.meta({ description: 'Threads hidden because a `skip` rule or the import policy would not import any of their mail' }),
  shownThreads: count.meta({ description: 'Threads the rules had hidden that are shown again' }),
  unlinkedMessages: count.meta({ description: 'Messages whose automatic links a `no_link` rule removed' }),
  privateThreads: count.meta({ description: 'Threads a `private` rule marked (or gave a stricter level)' }),
  relinkedMessages: count.meta({ description: 'Messages a removed `no_link` rule had kept unlinked, linked again to the owners they match now' }),
  headersOnlyMessages: count.meta({ description: 'Messages stored whole that `only_linkable` with `headers_only` now keeps as headers only (one way: no later rule change serves their body again)' }),
  unmarkedThreads: count.meta({ description: 'Threads whose rule-made privacy was lifted or loosened because the `private` rules that set it are gone (marks by hand and `privacy` entries stay)' }),
  error: z.string().optional().meta({ description: 'Why it failed, when `status` is `failed`' }),
}).meta({ id: 'MailRulesReapplyJob' });

const queued = {
  id: '3f9a0c1e5b7d2a4c6e8f0a1b2c3d4e5f', status: 'queued', days: 30, since: '2026-10-30T09:15:00.000Z', requestedAt: '2026-11-29T09:15:00.000Z',
  scanned: 0, changed: 0, hiddenThreads: 0, shownThreads: 0, unlinkedMessages: 0, privateThreads: 0, relinkedMessages: 0, unmarkedThreads: 0, headersOnlyMessages: 0,
};

export const reapplyMailRulesOp = contract({
  operationId: 'reapplyMailRules', method: 'POST', path: '/settings/mail-rules/reapply', fn: 'settings-api', tag: 'settings', role: 'admin',
  summary: 'Re-apply the mail rules to the mail of the last N days (a job; poll its id)',
  description: 'Queues a job on the link queue that judges each message in the window with the linker\'s own rule evaluation: `skip` and the import policy hide threads whose mail they would not import (soft, reversible), threads they hid come back when their mail is kept again, `no_link` removes the links the linker made (never links made by hand) and mail a removed `no_link` rule kept unlinked is linked again, `private` marks the thread and the marks of a removed `private` rule are lifted, and `headers_only` keeps as headers only the stored mail it no longer takes whole. The blocklist has its own job. Audited once, when the job ends (`rules-reapplied` on settings:mail-rules). A retry with the same Idempotency-Key answers the same job; the same key with another body is 409 idempotency-key-reused.',
  body: reapplyBody, requestHeaders: ['idempotency-key'], successStatus: 202,
  requestExample: { days: 30 },
  responses: { 202: { description: 'The job is queued', body: reapplyJobView, example: queued } },
  problems: ['not-found', 'idempotency-key-reused'],
});

export const getReapplyJobOp = contract({
  operationId: 'getMailRulesReapply', method: 'GET', path: '/settings/mail-rules/reapply/{jobId}', fn: 'settings-api', tag: 'settings', role: 'admin',
  summary: 'A re-apply job: queued, running, done or failed, with what it judged and changed',
  description: 'The job\'s state and counts so far: `scanned` messages judged, `changed` and its parts. A job of another Space, or one that never was, is 404.',
  params: z.strictObject({ jobId }),
  responses: { 200: { description: 'The job', body: reapplyJobView, example: {
    ...queued, status: 'done', startedAt: '2026-11-29T09:15:01.000Z', finishedAt: '2026-11-29T09:15:04.000Z',
    scanned: 412, changed: 11, hiddenThreads: 6, shownThreads: 0, unlinkedMessages: 2, privateThreads: 1, relinkedMessages: 1, unmarkedThreads: 1, headersOnlyMessages: 0,
  } } },
  problems: ['not-found'],
});

export const mailRulesReapply = [reapplyMailRulesOp, getReapplyJobOp];
