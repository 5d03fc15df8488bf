import { sqsWorker } from '../shared/adapters/queue/sqs-worker.js';
import { appendSent } from '../shared/domain/threads/append-sent.js';
import { syncQueueJob } from '../shared/domain/threads/pipeline-jobs.js';
import { setSeen } from '../shared/domain/threads/set-seen.js';
import { syncMailbox } from '../shared/domain/threads/sync-mailbox.js';
import { mailboxAccess } from '../shared/store/mailbox-access.js';
import { mailRuntime } from '../shared/store/mail-runtime.js';

/** One poll of one mailbox per record (a held lease acknowledges, a busy Space defers), or one mailbox action. */
export const handler = sqsWorker(syncQueueJob, async (job) => {
  const [rt, { secrets, imap }] = await Promise.all([mailRuntime(), mailboxAccess()]);
  if ('action' in job) {
    const deps = { mailboxes: rt.mailboxes, secrets, imap, blobs: rt.blobs, parseQueue: rt.parseQueue, log: rt.log };
    await (job.action === 'append-sent' ? appendSent(deps, job) : setSeen(deps, job));
    return;
  }
  await syncMailbox(
    { mailboxes: rt.mailboxes, syncState: rt.syncState, problems: rt.problems, runs: rt.runs, secrets, imap, blobs: rt.blobs,
      parseQueue: rt.parseQueue, syncQueue: rt.syncQueue, log: rt.log, now: rt.now, windowDays: rt.windowDays,
      limits: { maxMessageBytes: rt.maxMessageBytes } },
    { spaceId: job.spaceId, mailboxId: job.mailboxId, correlationId: job.correlationId, reason: job.reason, ...(job.retryProblems ? { retryProblems: true } : {}) },
  );
});
