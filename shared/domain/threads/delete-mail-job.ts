import type { AuditEntry } from '../audit/audit-entry.js';
import type { ImapFolderUids } from './ports.js';
import { deleteFromMailbox, type DeleteFromMailboxDeps } from './delete-from-mailbox.js';
import type { DeleteMailJob } from './pipeline-jobs.js';

/** Removes what the CRM keeps of deleted mail; every step is idempotent (a retry finds less to do). */
export interface MailPurge {
  /**
   * Removes each message's items (message, thread member, timeline and address lines, stats
   * markers), leaves its identity claim as a tombstone so no sync imports it again, and returns the
   * bucket keys it held (raw MIME, parsed JSON, attachments).
   */
  purgeMessages(spaceId: string, ids: readonly string[], deletedAt: string): Promise<string[]>;
  /** Removes the thread item and its inbox bookkeeping once no message is left in it; true when it did. */
  purgeThreadIfEmpty(spaceId: string, threadId: string): Promise<boolean>;
}

export interface DeleteMailJobDeps extends DeleteFromMailboxDeps {
  readonly purge: MailPurge;
  readonly blobs: { remove(keys: readonly string[]): Promise<void> };
  /** Writes an audit row; the same row written again (a retry) is no error. */
  readonly audit: (a: AuditEntry) => Promise<void>;
}

/**
 * The sync function's part of a delete from the mailbox: the mail leaves the server (to Trash, or
 * expunged), then the CRM items and stored objects of those messages go, then the thread when it is
 * empty. The history line on the customers and the audit rows stay. A mailbox removed meanwhile is
 * no longer synced, so its mail is removed from the CRM all the same.
 */
export async function runDeleteMailJob(deps: DeleteMailJobDeps, job: DeleteMailJob): Promise<{ removedOnServer: number; purged: number; threadRemoved: boolean }> {
  const outcome = await deleteFromMailbox(deps, { spaceId: job.spaceId, mailboxId: job.mailboxId, messageIds: job.messageIds, correlationId: job.correlationId });
  const keys = await deps.purge.purgeMessages(job.spaceId, job.ids, job.deletedAt);
  await deps.blobs.remove(keys);
  const threadRemoved = await deps.purge.purgeThreadIfEmpty(job.spaceId, job.threadId);
  const removedOnServer = outcome.status === 'deleted' ? outcome.removed : 0;
  // Named by the job, at the deletion's time: a redelivered job writes the same row, not a second one.
  await deps.audit({
    id: `${job.correlationId}-${job.mailboxId}-${job.ids[0]}`.slice(0, 200), spaceId: job.spaceId, userId: job.byUserId, requestId: job.correlationId,
    entity: 'thread', entityId: job.threadId, action: 'delete', at: job.deletedAt,
    details: {
      mode: 'mailbox', step: 'removed-from-mailbox', mailboxId: job.mailboxId, messages: job.ids.length, removedOnServer,
      ...(outcome.status === 'deleted' && outcome.movedTo ? { movedTo: outcome.movedTo } : {}),
      ...(outcome.status === 'deleted' && outcome.folders.length > 0 ? { imap: imapOf(job.mailboxId, outcome.folders, outcome.movedTo) } : {}),
      ...(outcome.status === 'skipped' ? { skipped: outcome.reason } : {}),
    },
  });
  deps.log.info('deleted mail removed from the CRM', { correlationId: job.correlationId, mailboxId: job.mailboxId, messages: job.ids.length, objects: keys.length, threadRemoved });
  return { removedOnServer, purged: job.ids.length, threadRemoved };
}

/** UIDs kept per folder in the audit row: a job deletes one thread's mail, rarely more. */
const MAX_UIDS_PER_FOLDER = 100;

/** What the job touched on the server, as the trail shows it (audit rows stay small: at most 100 UIDs a folder). */
const imapOf = (mailboxId: string, folders: readonly ImapFolderUids[], movedTo: string | undefined) => ({
  mailboxId,
  folders: folders.map((f) => ({ ...f, uids: f.uids.slice(0, MAX_UIDS_PER_FOLDER), ...(f.uids.length > MAX_UIDS_PER_FOLDER ? { moreUids: f.uids.length - MAX_UIDS_PER_FOLDER } : {}) })),
  ...(movedTo ? { movedTo } : {}),
});
