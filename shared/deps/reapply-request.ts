import { createSqsQueue, type Queue } from '../adapters/queue/sqs-queue.js';
import { once, requireEnv } from '../config/config.js';
import { systemRuntime } from '../domain/audit/system-runtime.js';
import type { RequestReapplyDeps } from '../domain/rules/request-reapply.js';
import type { LinkJob } from '../domain/threads/pipeline-jobs.js';
import { defaultTable } from '../store/dynamo.js';
import { createMailboxStore } from '../store/mailbox-store.js';
import { createReapplyJobs } from '../store/reapply-store.js';

// Apart from reapply-job.ts, which re-reads mail with the MIME parser: the settings function only starts jobs.
const linkQueue = once((): Queue<LinkJob> => createSqsQueue<LinkJob>(requireEnv('linkQueueUrl')));

/** What POST /settings/mail-rules/reapply needs: the table and the link queue (the settings function has both). */
export const reapplyRequestDeps = once(async (): Promise<RequestReapplyDeps & { jobs: ReturnType<typeof createReapplyJobs> }> => {
  const t = defaultTable();
  const jobs = createReapplyJobs(t);
  return {
    jobs,
    getMailbox: (spaceId, mailboxId) => createMailboxStore(t).getMailbox(spaceId, mailboxId),
    open: (job) => jobs.open(job),
    queueFirstStep: (job) => linkQueue().send({ v: 1, kind: 'reapply-rules', correlationId: job.requestId || job.jobId, spaceId: job.spaceId, jobId: job.jobId }),
    now: systemRuntime.now,
    newId: systemRuntime.newId,
  };
});
