import * as z from 'zod';
import { PREVIEW_LIMITS } from '../../config/names.js';
import { contract } from '../contract.js';
import { idParamsOf, isoTime, mailboxId } from './common.js';

const previewId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'is not a preview id').meta({ description: 'preview id (ULID)', examples: ['01JDQ3R0B2C4D6E8F0G2H4J6K8'] });
const count = z.number().int().min(0);

const importPreview = z.object({
  historyDays: count,
  since: isoTime.meta({ description: 'Mail received from this day on is in the window (IMAP SEARCH SINCE)' }),
  inWindow: count.meta({ description: 'Messages in the window in all synced folders' }),
  scanned: z.object({ messages: count, bytes: count }).meta({ description: 'What the preview read; less than `inWindow` when it stopped at a limit' }),
  stoppedAt: z.enum(['messages', 'bytes', 'time']).optional().meta({ description: 'The limit the preview stopped at; absent when it read the whole window' }),
  limits: z.object({ maxMessages: count, maxBytes: count, timeBudgetSeconds: count }),
  creates: z.object({
    messages: count, headersOnly: count.meta({ description: 'Of those, kept as headers only (a rule, too large, unparsable)' }),
    private: count.meta({ description: 'Of those, made private by a rule' }), threads: count,
    contacts: count.meta({ description: 'Contacts the capture policy would create at once' }), companies: count,
    pendingCaptures: count.meta({ description: 'Addresses the capture policy would put in the review queue' }),
  }).meta({ description: 'What a first sync of the scanned mail would create' }),
  linksExisting: z.object({ contacts: count, companies: count }).meta({ description: 'Existing contacts and companies the imported mail would be linked to' }),
  alreadyImported: count.meta({ description: 'Scanned mail that is stored already' }),
  skipped: z.object({ total: count, byRule: z.array(z.object({ rule: z.string(), messages: count })) })
    .meta({ description: 'Mail the rules would not import, per rule (`blocklist:<address>`, `exclusion:<id>`, `import-policy:only_linkable`)' }),
  unparsable: count,
}).meta({ id: 'ImportPreview' });

export const mailboxPreviewView = z.object({
  id: previewId,
  mailboxId,
  status: z.enum(['running', 'done', 'failed']),
  historyDays: count,
  requestedAt: isoTime,
  finishedAt: isoTime.optional(),
  result: importPreview.optional().meta({ description: 'Present when `status` is `done`' }),
  error: z.string().optional().meta({ description: 'Why it failed, in a short sentence, when `status` is `failed`' }),
}).meta({ id: 'MailboxPreview' });

export const previewMailboxBody = z.strictObject({
  historyDays: z.number().int().min(1).max(3650).optional()
    .meta({ description: 'Days to look back; default the mailbox\'s `historyDays`, else 30' }),
});

const at = '2026-11-02T09:15:00.000Z';
const running = { id: '01JDQ3R0B2C4D6E8F0G2H4J6K8', mailboxId: '01JDQ3Q4S6T8V0W2X4Y6Z8A0B2', status: 'running', historyDays: 30, requestedAt: at };
const limits = `at most ${PREVIEW_LIMITS.maxMessages} messages, ${PREVIEW_LIMITS.maxBytes / 1024 / 1024} MB and ${PREVIEW_LIMITS.timeBudgetSeconds} s`;

export const previewMailboxOp = contract({
  operationId: 'previewMailbox', method: 'POST', path: '/mailboxes/{id}/preview', fn: 'mailboxes-api', tag: 'mailboxes', role: 'admin',
  summary: 'Preview a first import: what a first sync of the window would create and what the rules would skip, writing nothing',
  params: idParamsOf(mailboxId), body: previewMailboxBody, successStatus: 202, rateLimit: { perMinute: 6 },
  description: `Queues a preview for the sync function, which reads the window's mail (${limits}) through the first sync's own steps: the SINCE search, the parser, the mail rules, threading, linking and the capture policy, against the stored contacts, companies and rules, keeping every write in memory. Only the preview's answer is stored (for a day). Poll GET /mailboxes/{id}/previews/{previewId}.`,
  requestExample: { historyDays: 30 },
  responses: { 202: { description: 'The preview is queued', body: mailboxPreviewView, example: running } },
  problems: ['not-found'],
});

export const getMailboxPreviewOp = contract({
  operationId: 'getMailboxPreview', method: 'GET', path: '/mailboxes/{id}/previews/{previewId}', fn: 'mailboxes-api', tag: 'mailboxes', role: 'admin',
  summary: 'A first-import preview: running, its counts, or why it failed', params: z.strictObject({ id: mailboxId, previewId }),
  description: 'Counts of messages, threads, contacts, companies and pending captures a first sync would create, the existing records it would link, and the mail each rule would skip. `stoppedAt` says when the preview read only part of the window.',
  responses: { 200: { description: 'The preview', body: mailboxPreviewView, example: {
    ...running, status: 'done', finishedAt: '2026-11-02T09:15:09.000Z', result: {
      historyDays: 30, since: '2026-10-03T09:15:00.000Z', inWindow: 412, scanned: { messages: 412, bytes: 9_804_112 },
      limits: { maxMessages: PREVIEW_LIMITS.maxMessages, maxBytes: PREVIEW_LIMITS.maxBytes, timeBudgetSeconds: PREVIEW_LIMITS.timeBudgetSeconds },
      creates: { messages: 371, headersOnly: 2, private: 4, threads: 198, contacts: 0, companies: 0, pendingCaptures: 57 },
      linksExisting: { contacts: 64, companies: 31 }, alreadyImported: 0,
      skipped: { total: 41, byRule: [{ rule: 'exclusion:newsletters', messages: 33 }, { rule: 'blocklist:offers@spam.example', messages: 8 }] }, unparsable: 0,
    },
  } } },
  problems: ['not-found'],
});

export const mailboxPreview = [previewMailboxOp, getMailboxPreviewOp];
