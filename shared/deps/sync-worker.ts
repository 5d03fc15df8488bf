import { sqsWorker } from '../adapters/queue/sqs-worker.js';
import { ulid } from 'ulid';
import { appendSent, type AppendSentOutcome } from '../domain/threads/append-sent.js';
import { syncQueueJob } from '../domain/threads/pipeline-jobs.js';
import { runDeleteMailJob } from '../domain/threads/delete-mail-job.js';
import { setSeen } from '../domain/threads/set-seen.js';
import { syncMailbox } from '../domain/threads/sync-mailbox.js';
import { createServerReadStore } from '../store/server-read-store.js';
import { createSendRecordStore } from '../store/send-record-store.js';
import { deleteMailJobDeps } from './mail-deletion-deps.js';
import { mailboxAccess } from './mailbox-access.js';
import { mailRuntime } from './mail-runtime.js';
import { mailboxCredentials } from './mailbox-oauth.js';
import { previewJobRunner } from './preview-worker.js';

/**
 * One poll of one mailbox per record (a held lease acknowledges, a busy Space defers the job), or one
 * mailbox action: a sent mail into the Sent folder, a read mark onto the server, a first-import preview,
 * mail deleted from the mailbox.
 */
export const syncWorker = sqsWorker(syncQueueJob, async (job) => {
  const [rt, { secrets, imap }] = await Promise.all([mailRuntime(), mailboxAccess()]);
  if ('action' in job && job.action === 'preview') {
    await previewJobRunner(rt, { secrets, imap }, mailboxCredentials({ secrets, mailboxes: rt.mailboxes, now: rt.now }))(job);
    return;
  }
  if ('action' in job && job.action === 'delete-mail') {
    await runDeleteMailJob(deleteMailJobDeps(rt, { secrets, imap }), job);
    return;
  }
  if ('action' in job) {
    const deps = {
      mailboxes: rt.mailboxes, secrets, imap, blobs: rt.blobs, parseQueue: rt.parseQueue, log: rt.log,
      appends: createSendRecordStore<AppendSentOutcome>(rt.table), now: rt.now, newId: ulid,
    };
    await (job.action === 'append-sent' ? appendSent(deps, job) : setSeen(deps, job));
    return;
  }
  await syncMailbox(
    { mailboxes: rt.mailboxes, syncState: rt.syncState, problems: rt.problems, runs: rt.runs, secrets, imap,
      credentials: mailboxCredentials({ secrets, mailboxes: rt.mailboxes, now: rt.now }), blobs: rt.blobs,
      parseQueue: rt.parseQueue, syncQueue: rt.syncQueue, log: rt.log, now: rt.now, windowDays: rt.windowDays, readState: createServerReadStore(rt.table),
      limits: { maxMessageBytes: rt.maxMessageBytes } },
    { spaceId: job.spaceId, mailboxId: job.mailboxId, correlationId: job.correlationId, reason: job.reason, ...(job.retryProblems ? { retryProblems: true } : {}) },
  );
});
