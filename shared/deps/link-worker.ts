import { sqsBatchWorker } from '../adapters/queue/sqs-worker.js';
import { linkJob } from '../domain/threads/pipeline-jobs.js';
import { linkBatch } from './link-batch.js';
import { once } from '../config/config.js';
import { coalescingTable } from '../store/coalescing-table.js';
import { defaultTable } from '../store/dynamo.js';
import { createMailRuntime } from './mail-runtime.js';

/**
 * The link function's runtime: its stores go through coalescingTable, so the GetItem calls and
 * unconditional puts of the mails it links at once travel as BatchGetItem and BatchWriteItem calls.
 */
export const linkRuntime = once(() => createMailRuntime(coalescingTable(defaultTable())));

/**
 * Linker worker: links each SQS batch as a batch (owners looked up at once, each mailbox read once,
 * contact activity moved once per contact: link-batch.ts); relink jobs relink an address's history.
 * A mail that fails is requeued alone (or its record reported: sqs-worker.ts).
 */
export const linkWorker = sqsBatchWorker(linkJob, async (items) => linkBatch(await linkRuntime(), items.map((i) => i.body)),
  { requeue: async (jobs, delaySeconds) => (await linkRuntime()).linkQueue.requeue(jobs, delaySeconds) });
