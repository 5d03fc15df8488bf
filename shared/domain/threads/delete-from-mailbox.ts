import type { Log } from '../../observability/logger.js';
import { MailboxConnectError } from '../mailbox/mailbox-errors.js';
import type { MailboxRecord } from '../mailbox/mailbox-record.js';
import type { MailboxClient, SecretBox } from '../mailbox/ports.js';
import type { ImapFolderUids } from './ports.js';

export interface DeleteFromMailboxDeps {
  readonly mailboxes: { getMailbox(spaceId: string, id: string): Promise<MailboxRecord> };
  readonly secrets: SecretBox;
  readonly imap: MailboxClient;
  readonly log: Log;
}

export interface DeleteFromMailboxInput {
  readonly spaceId: string;
  readonly mailboxId: string;
  /** Message-IDs without angle brackets. */
  readonly messageIds: readonly string[];
  readonly correlationId: string;
}

export type DeleteFromMailboxOutcome =
  | { readonly status: 'deleted'; readonly removed: number; readonly movedTo?: string; readonly folders: readonly ImapFolderUids[] }
  | { readonly status: 'skipped'; readonly reason: 'mailbox-deleted' };

/**
 * Deletes mail from every synced folder of a mailbox, as a mail client's delete does: into the
 * server's `\Trash` folder when it has one, else flagged `\Deleted` and expunged; mail already in
 * the Trash is expunged. Folders missing on the server are passed over; connection failures are
 * thrown for the queue to retry (a retry finds nothing left to delete).
 */
export async function deleteFromMailbox(deps: DeleteFromMailboxDeps, input: DeleteFromMailboxInput): Promise<DeleteFromMailboxOutcome> {
  const mailbox = await deps.mailboxes.getMailbox(input.spaceId, input.mailboxId).catch(() => undefined);
  if (!mailbox) return { status: 'skipped', reason: 'mailbox-deleted' };
  const password = await deps.secrets.open(mailbox.password, { space: input.spaceId, mailbox: input.mailboxId });
  const session = await deps.imap.openSession(mailbox, password);
  let removed = 0;
  let movedTo: string | undefined;
  const folders: ImapFolderUids[] = [];
  try {
    const trash = await session.trashFolder();
    for (const folder of mailbox.folders) {
      try {
        const done = await session.deleteByMessageId(folder.path, input.messageIds, trash);
        removed += done.uids.length;
        movedTo ??= done.movedTo;
        if (done.uids.length > 0) folders.push({ path: folder.path, uids: done.uids, ...(done.uidValidity ? { uidValidity: done.uidValidity } : {}) });
      } catch (error) {
        if (!(error instanceof MailboxConnectError && error.kind === 'folder-missing')) throw error;
      }
    }
  } finally {
    await session.close();
  }
  deps.log.info('mail deleted from the mailbox', { correlationId: input.correlationId, mailboxId: input.mailboxId, removed, toTrash: movedTo !== undefined });
  return movedTo === undefined ? { status: 'deleted', removed, folders } : { status: 'deleted', removed, movedTo, folders };
}
