import { sqsWorker } from '../adapters/queue/sqs-worker.js';
import { syncJob } from '../domain/threads/pipeline-jobs.js';
import { syncMailbox } from '../domain/threads/sync-mailbox.js';
import { mailboxAccess } from './mailbox-access.js';
import { mailRuntime } from './mail-runtime.js';

/** One poll of one mailbox per record; a held lease acknowledges, a busy Space defers the job. */
export const syncWorker = sqsWorker(syncJob, async (job) => {
  const [rt, { secrets, imap }] = await Promise.all([mailRuntime(), mailboxAccess()]);
  await syncMailbox(
    { mailboxes: rt.mailboxes, syncState: rt.syncState, problems: rt.problems, runs: rt.runs, secrets, imap, blobs: rt.blobs,
      parseQueue: rt.parseQueue, syncQueue: rt.syncQueue, log: rt.log, now: rt.now, windowDays: rt.windowDays,
      limits: { maxMessageBytes: rt.maxMessageBytes } },
    { spaceId: job.spaceId, mailboxId: job.mailboxId, correlationId: job.correlationId, reason: job.reason, ...(job.retryProblems ? { retryProblems: true } : {}) },
  );
});
