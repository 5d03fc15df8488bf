import * as z from 'zod';
import type { ParsedSummary } from './parse-message.js';

/** Every SQS message body: small (a claim check, never raw mail), versioned, with a correlation id. */
const envelopeBase = z.object({
  v: z.literal(1),
  correlationId: z.string().min(1).max(128),
  spaceId: z.string().min(1).max(64),
});

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const folderRole = z.enum(['inbox', 'sent', 'other']);
/** An IMAP folder path (optional in jobs: jobs queued before it was carried have none). */
const folderPath = z.string().min(1).max(1000);
const uidValidity = z.string().min(1).max(40);

/**
 * Sync one mailbox now: the scheduled fan-out, POST /mailboxes/{id}/sync, or a run that stopped on
 * its budget and continues (`continue`). `retryProblems` also fetches again the UIDs an admin asked to retry.
 */
export const syncJob = envelopeBase.extend({
  mailboxId: id,
  reason: z.enum(['schedule', 'manual', 'startup', 'continue']),
  retryProblems: z.literal(true).optional(),
});
export type SyncJob = z.infer<typeof syncJob>;

/**
 * An IMAP action on one mailbox, run by the sync function (the only one that may open mailbox
 * secrets): `append-sent` stores a mail the CRM sent in the mailbox's Sent folder, then queues it
 * for the parser so it joins its thread; `set-seen` sets or clears `\Seen` on mail by Message-ID.
 */
export const appendSentJob = envelopeBase.extend({
  action: z.literal('append-sent'),
  mailboxId: id,
  rawKey: z.string().min(1).max(512),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().positive(),
});
export type AppendSentJob = z.infer<typeof appendSentJob>;

export const setSeenJob = envelopeBase.extend({
  action: z.literal('set-seen'),
  mailboxId: id,
  /** Normalized Message-IDs (no angle brackets). */
  messageIds: z.array(z.string().min(3).max(998).regex(/^[^\s<>]+$/)).min(1).max(50),
  seen: z.boolean(),
});
export type SetSeenJob = z.infer<typeof setSeenJob>;

/**
 * Delete mail from the mailbox (DELETE /threads/{id} with `mode: mailbox`): found by Message-ID in
 * every synced folder, moved to Trash or expunged; then the CRM items of `ids` are removed.
 */
export const deleteMailJob = envelopeBase.extend({
  action: z.literal('delete-mail'),
  mailboxId: id,
  threadId: z.string().regex(/^[0-9a-f]{32}$/),
  deletedAt: z.iso.datetime(),
  byUserId: z.string().min(1).max(128),
  /** Normalized Message-IDs (no angle brackets). */
  messageIds: z.array(z.string().min(3).max(998).regex(/^[^\s<>]+$/)).min(1).max(50),
  /** The CRM message ids, same order. */
  ids: z.array(z.string().min(1).max(128)).min(1).max(50),
});
export type DeleteMailJob = z.infer<typeof deleteMailJob>;

/** A first-import preview (POST /mailboxes/{id}/preview): reads the window's mail, writes only its answer. */
export const previewJob = envelopeBase.extend({
  action: z.literal('preview'),
  mailboxId: id,
  previewId: id,
  historyDays: z.number().int().min(1).max(3650),
});
export type PreviewJob = z.infer<typeof previewJob>;

export const mailboxActionJob = z.discriminatedUnion('action', [appendSentJob, setSeenJob, previewJob, deleteMailJob]);
export type MailboxActionJob = z.infer<typeof mailboxActionJob>;

/** What the sync queue carries: sync runs and mailbox actions. */
export const syncQueueJob = z.union([mailboxActionJob, syncJob]);
export type SyncQueueJob = z.infer<typeof syncQueueJob>;

/** Parse one raw mail; the bytes are in the mail bucket under `rawKey` (claim check, Q6). */
export const parseJob = envelopeBase.extend({
  mailboxId: id,
  folderRole,
  rawKey: z.string().min(1).max(512),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
  uid: z.number().int().positive(),
  /** The folder `uid` is in and its UIDVALIDITY, kept on the message item for the trail. */
  folder: folderPath.optional(),
  uidValidity: uidValidity.optional(),
  internalDate: z.string().max(40).optional(),
  /** The mail's RFC822.SIZE when it was above the size cap: `rawKey` holds only its headers. */
  tooLargeSize: z.number().int().positive().optional(),
  /** A retry an admin asked for: a headers-only copy stored earlier may be replaced. */
  retry: z.literal(true).optional(),
});
export type ParseJob = z.infer<typeof parseJob>;

/** Largest link job: a parsed summary travels inline up to SQS's message limit, in the bucket above it. */
export const LINK_JOB_MAX_BYTES = 256 * 1024;

/** What the linker needs of a parsed mail (ParsedSummary), checked for shape only: the parser wrote it. */
const parsedSummary = z.custom<ParsedSummary>((v) => typeof v === 'object' && v !== null && (v as { v?: unknown }).v === 1
  && typeof (v as { mail?: unknown }).mail === 'object');

/**
 * Link one parsed mail, or relink an address's history. The parsed summary is inline (`parsed`)
 * when the job fits LINK_JOB_MAX_BYTES; otherwise the whole ParsedBlob is in the bucket (`parsedKey`).
 */
export const linkJob = z.discriminatedUnion('kind', [
  envelopeBase.extend({
    kind: z.literal('link'),
    mailboxId: id,
    folderRole,
    rawKey: z.string().min(1).max(512),
    parsedKey: z.string().min(1).max(512).optional(),
    parsed: parsedSummary.optional(),
    /** Where the mail was fetched from (the message item keeps it for the trail). */
    imap: z.strictObject({ folder: folderPath, uid: z.number().int().positive(), uidValidity: uidValidity.optional() }).optional(),
  }).refine((j) => (j.parsed === undefined) !== (j.parsedKey === undefined), { message: 'either parsed or parsedKey' }),
  envelopeBase.extend({ kind: z.literal('relink-address'), address: z.string().min(3).max(320) }),
  /** One step of a blocklist job (apply-blocklist.ts): the page of threads after `cursor`. */
  envelopeBase.extend({ kind: z.literal('apply-blocklist'), jobId: id, cursor: z.string().min(2).max(4096).optional() }),
  /** One step of a company-domain relink (relink-domain.ts): the page of threads after `cursor`, with the counts so far. */
  envelopeBase.extend({
    kind: z.literal('relink-domain'), jobId: id, companyId: id, domain: z.string().min(1).max(253), userId: z.string().min(1).max(128),
    requestId: z.string().max(128), startedAt: z.string().min(1).max(40), cursor: z.string().min(2).max(4096).optional(),
    scanned: z.number().int().nonnegative(), messages: z.number().int().nonnegative(),
  }),
  /** One step of a mail-rules re-apply job (reapply-rules.ts): the threads after `cursor`, as many as its time budget allows. */
  envelopeBase.extend({ kind: z.literal('reapply-rules'), jobId: id, cursor: z.string().min(2).max(4096).optional() }),
  /** One step moving a Space's threads to the inbox state facets (inbox-state-migration.ts): the old `all` items after `cursor`. */
  envelopeBase.extend({ kind: z.literal('migrate-inbox'), cursor: z.string().min(1).max(512).optional(), moved: z.number().int().nonnegative() }),
  /** One step bringing in the mail a removed blocklist entry or skip rule kept out (import-skipped.ts): the records after `after`. */
  envelopeBase.extend({ kind: z.literal('import-skipped'), reason: z.string().min(1).max(400), after: z.string().min(1).max(128).optional() }),
]);
export type LinkJob = z.infer<typeof linkJob>;

/** Where the pipeline keeps its objects: Space first, content-addressed by the raw mail's sha256. */
export const mailKeys = {
  raw: (spaceId: string, mailboxId: string, sha256: string) => `space/${spaceId}/mailbox/${mailboxId}/raw/${sha256}.eml`,
  parsed: (spaceId: string, mailboxId: string, sha256: string) => `space/${spaceId}/mailbox/${mailboxId}/parsed/${sha256}.json`,
  attachment: (spaceId: string, mailboxId: string, sha256: string, index: number) =>
    `space/${spaceId}/mailbox/${mailboxId}/attachments/${sha256}/${index}`,
};
