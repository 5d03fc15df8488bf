import type { Log } from '../../observability/logger.js';
import { MailboxConnectError } from '../mailbox/mailbox-errors.js';
import type { MailboxRecord } from '../mailbox/mailbox-record.js';
import type { MailboxClient, SecretBox } from '../mailbox/ports.js';
import type { AppendSentJob, ParseJob } from './pipeline-jobs.js';
import type { Blobs } from './ports.js';

export interface AppendSentDeps {
  readonly mailboxes: { getMailbox(spaceId: string, id: string): Promise<MailboxRecord> };
  readonly secrets: SecretBox;
  readonly imap: MailboxClient;
  readonly blobs: Pick<Blobs, 'get'>;
  readonly parseQueue: { send(job: ParseJob): Promise<void> };
  readonly log: Log;
}

export type AppendSentOutcome =
  | { readonly status: 'appended'; readonly folder: string; readonly uid?: number }
  | { readonly status: 'skipped'; readonly reason: 'mailbox-deleted' | 'no-sent-folder' };

/** The folder our own mail goes to: the one the admin marked `sent`, else the common `Sent`. */
export const sentFolderOf = (mailbox: Pick<MailboxRecord, 'folders'>): string =>
  mailbox.folders.find((f) => f.role === 'sent')?.path ?? 'Sent';

/**
 * Stores a mail the CRM sent in the mailbox's Sent folder, marked `\Seen`, so the mail client shows
 * it; with the UID the server reports (UIDPLUS), it goes to the parser as Sent-folder mail and joins
 * its thread now. Its Message-ID is its identity, so the next sync of Sent adds no second copy.
 * Connection failures are thrown for the queue to retry.
 */
export async function appendSent(deps: AppendSentDeps, job: AppendSentJob): Promise<AppendSentOutcome> {
  const mailbox = await deps.mailboxes.getMailbox(job.spaceId, job.mailboxId).catch(() => undefined);
  if (!mailbox) return { status: 'skipped', reason: 'mailbox-deleted' };
  const [raw, password] = await Promise.all([
    deps.blobs.get(job.rawKey),
    deps.secrets.open(mailbox.password, { space: job.spaceId, mailbox: job.mailboxId }),
  ]);
  const folder = sentFolderOf(mailbox);
  const session = await deps.imap.openSession(mailbox, password);
  let uid: number | undefined;
  try {
    uid = (await session.appendMessage(folder, raw, ['\\Seen'])).uid;
  } catch (error) {
    if (!(error instanceof MailboxConnectError && error.kind === 'folder-missing')) throw error;
    deps.log.warn('sent folder missing; the reply is not in the mailbox', { correlationId: job.correlationId, mailboxId: job.mailboxId, folder });
    return { status: 'skipped', reason: 'no-sent-folder' };
  } finally {
    await session.close();
  }
  if (uid !== undefined) {
    await deps.parseQueue.send({
      v: 1, correlationId: job.correlationId, spaceId: job.spaceId, mailboxId: job.mailboxId, folderRole: 'sent',
      rawKey: job.rawKey, sha256: job.sha256, size: job.size, uid,
    });
  }
  deps.log.info('sent mail appended', { correlationId: job.correlationId, mailboxId: job.mailboxId, uid, size: job.size });
  return uid === undefined ? { status: 'appended', folder } : { status: 'appended', folder, uid };
}
