import { sqsWorker } from '../shared/adapters/queue/sqs-worker.js';
import { linkMessage } from '../shared/domain/threads/link-message.js';
import { linkJob } from '../shared/domain/threads/pipeline-jobs.js';
import { relinkAddress } from '../shared/domain/threads/relink-address.js';
import { mailRuntime } from '../shared/store/mail-runtime.js';

/** Linker worker: links parsed mail to threads, contacts and companies; relinks an address's history. */
export const handler = sqsWorker(linkJob, async (job) => {
  const rt = await mailRuntime();
  if (job.kind === 'relink-address') {
    await relinkAddress(rt, { spaceId: job.spaceId, address: job.address, correlationId: job.correlationId });
    return;
  }
  await linkMessage(rt, job);
});
