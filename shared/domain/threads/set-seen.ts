import type { Log } from '../../observability/logger.js';
import { MailboxConnectError } from '../mailbox/mailbox-errors.js';
import type { MailboxRecord } from '../mailbox/mailbox-record.js';
import type { MailboxClient, SecretBox } from '../mailbox/ports.js';
import type { SetSeenJob } from './pipeline-jobs.js';

export interface SetSeenDeps {
  readonly mailboxes: { getMailbox(spaceId: string, id: string): Promise<MailboxRecord> };
  readonly secrets: SecretBox;
  readonly imap: MailboxClient;
  readonly log: Log;
}

export type SetSeenOutcome =
  | { readonly status: 'stored'; readonly changed: number }
  | { readonly status: 'skipped'; readonly reason: 'mailbox-deleted' };

/**
 * Carries a read or unread mark from the CRM to the mail server: sets or clears `\Seen` on the mail
 * with these Message-IDs in every synced folder, so the mail client shows the same state. Folders
 * missing on the server are passed over; connection failures are thrown for the queue to retry.
 */
export async function setSeen(deps: SetSeenDeps, job: SetSeenJob): Promise<SetSeenOutcome> {
  const mailbox = await deps.mailboxes.getMailbox(job.spaceId, job.mailboxId).catch(() => undefined);
  if (!mailbox) return { status: 'skipped', reason: 'mailbox-deleted' };
  const password = await deps.secrets.open(mailbox.password, { space: job.spaceId, mailbox: job.mailboxId });
  const session = await deps.imap.openSession(mailbox, password);
  let changed = 0;
  try {
    for (const folder of mailbox.folders) {
      try {
        changed += (await session.setSeenByMessageId(folder.path, job.messageIds, job.seen)).length;
      } catch (error) {
        if (!(error instanceof MailboxConnectError && error.kind === 'folder-missing')) throw error;
      }
    }
  } finally {
    await session.close();
  }
  deps.log.info('read state stored on the server', { correlationId: job.correlationId, mailboxId: job.mailboxId, seen: job.seen, changed });
  return { status: 'stored', changed };
}
