import type { Log } from '../../observability/logger.js';
import { MailboxConnectError } from '../mailbox/mailbox-errors.js';
import type { MailboxRecord } from '../mailbox/mailbox-record.js';
import type { MailboxClient, SecretBox } from '../mailbox/ports.js';
import type { AppendSentJob, ParseJob } from './pipeline-jobs.js';
import type { Blobs } from './ports.js';
import { sendOnce, type SendRecordStore } from './send-once.js';

export interface AppendSentDeps {
  readonly mailboxes: { getMailbox(spaceId: string, id: string): Promise<MailboxRecord> };
  readonly secrets: SecretBox;
  readonly imap: MailboxClient;
  readonly blobs: Pick<Blobs, 'get'>;
  readonly parseQueue: { send(job: ParseJob): Promise<void> };
  readonly log: Log;
  /** Which sent mails are in the mailbox already: a job delivered again stores nothing twice. */
  readonly appends: SendRecordStore<AppendSentOutcome>;
  readonly now: () => Date;
  readonly newId: () => string;
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
 * Once per mail: a claim on its content hash makes a job delivered again (or twice at once) store
 * and queue nothing more, and a mail already in the folder under its Message-ID (an earlier run
 * died after the APPEND) is not stored again. Connection failures are thrown for the queue to retry.
 */
export async function appendSent(deps: AppendSentDeps, job: AppendSentJob): Promise<AppendSentOutcome> {
  return sendOnce({ sends: deps.appends, now: deps.now, newId: deps.newId }, {
    spaceId: job.spaceId, owner: `mailbox:${job.mailboxId}`, key: job.sha256, request: job.rawKey,
  }, {
    send: () => appendOnce(deps, job),
    afterSent: async (outcome) => {
      if (outcome.status !== 'appended' || outcome.uid === undefined) return;
      await deps.parseQueue.send({
        v: 1, correlationId: job.correlationId, spaceId: job.spaceId, mailboxId: job.mailboxId, folderRole: 'sent',
        rawKey: job.rawKey, sha256: job.sha256, size: job.size, uid: outcome.uid, folder: outcome.folder,
      });
    },
  });
}

async function appendOnce(deps: AppendSentDeps, job: AppendSentJob): Promise<AppendSentOutcome> {
  const mailbox = await deps.mailboxes.getMailbox(job.spaceId, job.mailboxId).catch(() => undefined);
  if (!mailbox) return { status: 'skipped', reason: 'mailbox-deleted' };
  const [raw, password] = await Promise.all([
    deps.blobs.get(job.rawKey),
    deps.secrets.open(mailbox.password, { space: job.spaceId, mailbox: job.mailboxId }),
  ]);
  const folder = sentFolderOf(mailbox);
  const messageId = messageIdOf(raw);
  const session = await deps.imap.openSession(mailbox, password);
  let uid: number | undefined;
  try {
    const present = messageId ? await session.setSeenByMessageId(folder, [messageId], true) : [];
    uid = present.length > 0 ? present[0] : (await session.appendMessage(folder, raw, ['\\Seen'])).uid;
  } catch (error) {
    if (!(error instanceof MailboxConnectError && error.kind === 'folder-missing')) throw error;
    deps.log.warn('sent folder missing; the reply is not in the mailbox', { correlationId: job.correlationId, mailboxId: job.mailboxId, folder });
    return { status: 'skipped', reason: 'no-sent-folder' };
  } finally {
    await session.close();
  }
  deps.log.info('sent mail appended', { correlationId: job.correlationId, mailboxId: job.mailboxId, uid, size: job.size });
  return uid === undefined ? { status: 'appended', folder } : { status: 'appended', folder, uid };
}

/** The Message-ID our composer wrote (one header line, angle brackets), without the brackets. */
function messageIdOf(raw: Buffer): string | undefined {
  const head = raw.subarray(0, Math.max(0, raw.indexOf('\r\n\r\n'))).toString('latin1');
  return /^message-id:[ \t]*<([^<>\s]+)>/im.exec(head)?.[1];
}
