import { sqsWorker } from '../shared/adapters/queue/sqs-worker.js';
import { syncJob } from '../shared/domain/threads/pipeline-jobs.js';
import { syncMailbox } from '../shared/domain/threads/sync-mailbox.js';
import { mailboxAccess } from '../shared/store/mailbox-access.js';
import { mailRuntime } from '../shared/store/mail-runtime.js';
import { mailboxCredentials } from '../shared/store/mailbox-oauth.js';

/** One poll of one mailbox per record; a held lease acknowledges, a busy Space defers the job. */
export const handler = sqsWorker(syncJob, async (job) => {
  const [rt, { secrets, imap }] = await Promise.all([mailRuntime(), mailboxAccess()]);
  await syncMailbox(
    { mailboxes: rt.mailboxes, syncState: rt.syncState, problems: rt.problems, runs: rt.runs, secrets, imap,
      credentials: mailboxCredentials({ secrets, mailboxes: rt.mailboxes, now: rt.now }), blobs: rt.blobs,
      parseQueue: rt.parseQueue, syncQueue: rt.syncQueue, log: rt.log, now: rt.now, windowDays: rt.windowDays,
      limits: { maxMessageBytes: rt.maxMessageBytes } },
    { spaceId: job.spaceId, mailboxId: job.mailboxId, correlationId: job.correlationId, reason: job.reason, ...(job.retryProblems ? { retryProblems: true } : {}) },
  );
});
