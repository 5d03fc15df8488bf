import { sqsBatchWorker } from '../shared/adapters/queue/sqs-worker.js';
import { linkJob } from '../shared/domain/threads/pipeline-jobs.js';
import { mailRuntime } from '../shared/store/mail-runtime.js';
import { linkBatch } from '../shared/wiring/link-batch.js';

/**
 * Linker worker: links each SQS batch as a batch (owners looked up at once, each mailbox read once,
 * contact activity moved once per contact); relink jobs relink an address's history. A record that
 * fails is reported alone.
 */
export const handler = sqsBatchWorker(linkJob, async (items) => linkBatch(await mailRuntime(), items.map((i) => i.body)));
