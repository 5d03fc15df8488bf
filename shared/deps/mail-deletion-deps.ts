import { createS3BlobRemoval } from '../adapters/blobs/s3-blob-removal.js';
import { requireEnv } from '../config/config.js';
import type { DeleteMailJobDeps } from '../domain/threads/delete-mail-job.js';
import type { DeleteMessageDeps } from '../domain/threads/delete-message.js';
import type { DeleteThreadDeps } from '../domain/threads/delete-thread.js';
import type { MailboxClient, SecretBox } from '../domain/mailbox/ports.js';
import { createMailDeletion } from '../store/mail-deletion.js';
import { createMessageDeletion } from '../store/message-deletion.js';
import { customerEventRecorder } from './customer-stats.js';
import type { MailRuntime } from './mail-runtime.js';

/** What DELETE /threads/{id} needs: the mark, the lines it removes and leaves, stats, and the sync queue for the mailbox part. */
export function deleteThreadDeps(rt: MailRuntime): DeleteThreadDeps {
  const deletion = createMailDeletion(rt.table);
  return {
    messages: rt.messages, markDeleted: deletion.markDeleted, removeLines: deletion.removeLines, putHistory: deletion.putHistory,
    record: customerEventRecorder(rt.table, rt.now), queueDelete: (job) => rt.syncQueue.send(job),
  };
}

/** What DELETE /messages/{id} needs: the thread delete's ports, the remaining messages and the message's mark. */
export function deleteMessageDeps(rt: MailRuntime): DeleteMessageDeps {
  return { ...deleteThreadDeps(rt), ...createMessageDeletion(rt.table) };
}

/** What the sync function's delete-mail job needs: the mailbox (IMAP and its secret) and the removal of the CRM items and objects. */
export function deleteMailJobDeps(rt: MailRuntime, access: { secrets: SecretBox; imap: MailboxClient }): DeleteMailJobDeps {
  const deletion = createMailDeletion(rt.table);
  return {
    mailboxes: rt.mailboxes, secrets: access.secrets, imap: access.imap, log: rt.log,
    purge: deletion, blobs: createS3BlobRemoval(requireEnv('mailBucket')), audit: deletion.audit,
  };
}
