import { createHash } from 'node:crypto';
import type { MimeParseResult, ParseMimeOptions } from '../../adapters/mime/mailparser-mime.js';
import { classifyAutomated, type AutomatedVerdict } from '../mail/classify-automated.js';
import type { ParsedMail } from '../mail/parsed-mail.js';
import { mailKeys, type LinkJob, type ParseJob } from './pipeline-jobs.js';
import type { Blobs } from './ports.js';

/** The parsed-JSON claim check the parser leaves for the linker. */
export interface ParsedBlob {
  readonly v: 1;
  readonly mail: ParsedMail;
  readonly automated: AutomatedVerdict;
  /** Bucket keys of the attachment bytes, by attachment index. */
  readonly attachmentKeys: readonly string[];
}

export interface ParseMessageDeps {
  readonly blobs: Blobs;
  readonly parse: (raw: Buffer, options: ParseMimeOptions) => Promise<MimeParseResult>;
  readonly linkQueue: { send(job: LinkJob): Promise<void> };
}

/** The claim check does not match the bytes in the bucket: fail the record, never link a wrong mail. */
export class RawMailMismatchError extends Error {}

/**
 * Parser step: raw MIME from the bucket → normalized ParsedMail (never throws on bad mail), the
 * automated verdict, attachments to the bucket, then a link job pointing at the parsed JSON.
 * Idempotent: every key derives from the raw mail's sha256.
 */
export async function parseMessage(deps: ParseMessageDeps, job: ParseJob): Promise<{ parsedKey: string }> {
  const raw = await deps.blobs.get(job.rawKey);
  if (createHash('sha256').update(raw).digest('hex') !== job.sha256) throw new RawMailMismatchError(`raw mail ${job.rawKey} does not match its sha256`);
  const { mail, contents } = await deps.parse(raw, job.internalDate ? { internalDate: job.internalDate } : {});
  const attachmentKeys = contents.map((c) => mailKeys.attachment(job.spaceId, job.mailboxId, job.sha256, c.index));
  await Promise.all(contents.map((c, i) =>
    deps.blobs.put(attachmentKeys[i]!, c.content, mail.attachments.find((a) => a.index === c.index)?.contentType)));
  const blob: ParsedBlob = { v: 1, mail, automated: classifyAutomated(mail), attachmentKeys };
  const parsedKey = mailKeys.parsed(job.spaceId, job.mailboxId, job.sha256);
  await deps.blobs.put(parsedKey, JSON.stringify(blob), 'application/json');
  await deps.linkQueue.send({
    v: 1, kind: 'link', correlationId: job.correlationId, spaceId: job.spaceId, mailboxId: job.mailboxId,
    folderRole: job.folderRole, rawKey: job.rawKey, parsedKey,
  });
  return { parsedKey };
}
