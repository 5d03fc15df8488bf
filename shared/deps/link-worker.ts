import { sqsBatchWorker } from '../adapters/queue/sqs-worker.js';
import { linkJob } from '../domain/threads/pipeline-jobs.js';
import { linkBatch } from './link-batch.js';
import { mailRuntime } from './mail-runtime.js';

/**
 * Linker worker: links each SQS batch as a batch (owners looked up at once, each mailbox read once,
 * contact activity moved once per contact: link-batch.ts); relink jobs relink an address's history.
 * A mail that fails is requeued alone (or its record reported: sqs-worker.ts).
 */
export const linkWorker = sqsBatchWorker(linkJob, async (items) => linkBatch(await mailRuntime(), items.map((i) => i.body)),
  { requeue: async (jobs, delaySeconds) => (await mailRuntime()).linkQueue.requeue(jobs, delaySeconds) });
