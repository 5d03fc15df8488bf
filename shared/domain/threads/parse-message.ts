import { createHash } from 'node:crypto';
import { capUtf8 } from '../mail/clean-text.js';
import { classifyAutomated, type AutomatedVerdict } from '../mail/classify-automated.js';
import { messageIdentity } from '../mail/message-identity.js';
import type { MimeParseResult, ParseMimeOptions, ParsedMail } from '../mail/parsed-mail.js';
import { problemIdOf, type MailboxProblemRepo } from '../mailbox/mailbox-problem.js';
import { LINK_JOB_MAX_BYTES, mailKeys, type LinkJob, type ParseJob } from './pipeline-jobs.js';
import type { Blobs } from './ports.js';

/** The parsed-JSON claim check the parser leaves for the linker. */
export interface ParsedBlob {
  readonly v: 1;
  readonly mail: ParsedMail;
  readonly automated: AutomatedVerdict;
  /** Bucket keys of the attachment bytes, by attachment index. */
  readonly attachmentKeys: readonly string[];
}

/**
 * What the linker needs of a parsed mail, small enough to travel in the link job: the mail with its
 * text cut to the item's SUMMARY_TEXT_BYTES and without its html (readers parse the raw mail again
 * for those, see shared/adapters/mime/full-mail.ts).
 */
export interface ParsedSummary extends ParsedBlob {
  /** The whole text is longer than `mail.text`. */
  readonly textTruncated?: true;
  /** The mail has html (not carried here). */
  readonly hasHtml?: true;
}

/** Bytes of text a message item keeps, and so what the summary carries. */
export const SUMMARY_TEXT_BYTES = 512;

export const summarize = (blob: ParsedBlob): ParsedSummary => {
  const { html, ...mail } = blob.mail;
  const text = capUtf8(mail.text, SUMMARY_TEXT_BYTES);
  return {
    ...blob, mail: { ...mail, text },
    ...(text.length < mail.text.length ? { textTruncated: true as const } : {}),
    ...(html !== undefined ? { hasHtml: true as const } : {}),
  };
};

export interface ParseMessageDeps {
  readonly blobs: Blobs;
  readonly parse: (raw: Buffer, options: ParseMimeOptions) => Promise<MimeParseResult>;
  readonly linkQueue: { send(job: LinkJob): Promise<void> };
  /** Where unparsable mail is reported per mailbox (GET /mailboxes/{id}/problems). */
  readonly problems: Pick<MailboxProblemRepo, 'recordProblem' | 'resolveProblem'> & {
    /** Drops a stored headers-only copy so a retry that now parses can link the whole mail. */
    deleteQuarantinedMessage(spaceId: string, messageId: string): Promise<boolean>;
  };
  readonly now: () => Date;
}

/** The claim check does not match the bytes in the bucket: fail the record, never link a wrong mail. */
export class RawMailMismatchError extends Error {}

/**
 * Parser step: raw MIME from the bucket → normalized ParsedMail (never throws on bad mail), the
 * automated verdict, attachments to the bucket, then a link job carrying the parsed summary, or,
 * when that does not fit in a queue message, pointing at the whole parsed JSON in the bucket.
 * Mail the parser refuses is linked headers-only and reported as an `unparsable` problem of its
 * mailbox; headers of mail above the size cap are linked with the "too large" reason the sync gave.
 * Idempotent: every key derives from the raw mail's sha256.
 */
export async function parseMessage(deps: ParseMessageDeps, job: ParseJob): Promise<{ parsedKey?: string }> {
  const raw = await deps.blobs.get(job.rawKey);
  if (createHash('sha256').update(raw).digest('hex') !== job.sha256) throw new RawMailMismatchError(`raw mail ${job.rawKey} does not match its sha256`);
  const options: ParseMimeOptions = {
    ...(job.internalDate ? { internalDate: job.internalDate } : {}),
    ...(job.tooLargeSize ? { headersOnlyReason: `too large: ${(job.tooLargeSize / 1024 / 1024).toFixed(1)} MB; only the headers were imported` } : {}),
  };
  const { mail, contents } = await deps.parse(raw, options);
  const parsedKey = mailKeys.parsed(job.spaceId, job.mailboxId, job.sha256);
  const problemId = problemIdOf('unparsable', job.sha256);
  if (mail.parseStatus === 'unparsed' && !job.tooLargeSize) {
    await deps.problems.recordProblem(job.spaceId, job.mailboxId, {
      id: problemId, kind: 'unparsable', reason: mail.parseError ?? 'the mail could not be parsed', messageId: mail.messageId,
      subject: mail.subject, size: job.size, uid: job.uid, folderRole: job.folderRole, rawKey: job.rawKey, sha256: job.sha256,
    }, deps.now().toISOString());
    // A retry that still fails changes nothing stored: the headers-only copy is linked already.
    if (job.retry) return {};
  }
  const attachmentKeys = contents.map((c) => mailKeys.attachment(job.spaceId, job.mailboxId, job.sha256, c.index));
  await Promise.all(contents.map((c, i) =>
    deps.blobs.put(attachmentKeys[i]!, c.content, mail.attachments.find((a) => a.index === c.index)?.contentType)));
  const blob: ParsedBlob = { v: 1, mail, automated: classifyAutomated(mail), attachmentKeys };
  const base = {
    v: 1 as const, kind: 'link' as const, correlationId: job.correlationId, spaceId: job.spaceId, mailboxId: job.mailboxId,
    folderRole: job.folderRole, rawKey: job.rawKey,
    ...(job.folder ? { imap: { folder: job.folder, uid: job.uid, ...(job.uidValidity ? { uidValidity: job.uidValidity } : {}) } } : {}),
  };
  let link: LinkJob = { ...base, parsed: summarize(blob) };
  if (Buffer.byteLength(JSON.stringify(link)) > LINK_JOB_MAX_BYTES) {
    await deps.blobs.put(parsedKey, JSON.stringify(blob), 'application/json');
    link = { ...base, parsedKey };
  }
  if (job.retry && mail.parseStatus === 'parsed') await deps.problems.deleteQuarantinedMessage(job.spaceId, messageIdentity(job.spaceId, mail));
  await deps.linkQueue.send(link);
  if (job.retry && mail.parseStatus === 'parsed') await deps.problems.resolveProblem(job.spaceId, job.mailboxId, problemId);
  return 'parsedKey' in link ? { parsedKey } : {};
}
