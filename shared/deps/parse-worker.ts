import { parseMime } from '../adapters/mime/mailparser-mime.js';
import { runGathered } from '../adapters/queue/gathered-sends.js';
import { sqsBatchWorker } from '../adapters/queue/sqs-worker.js';
import { parseMessage } from '../domain/threads/parse-message.js';
import { parseJob } from '../domain/threads/pipeline-jobs.js';
import { mailRuntime } from './mail-runtime.js';

/** Test-only fault flag (docs/reliability.md): fail every record whose raw key contains this marker. */
const poisonMarker = () => process.env.MAILBRIDGE_FAULT_PARSE_POISON;
/** Mails parsed at once (the function has 1 GB; big mail is streamed by sync, not parsed here whole twice). */
const PARSE_CONCURRENCY = 4;

/**
 * Parser worker: raw MIME → parsed summary, each batch's link jobs sent together in envelopes; a
 * mail whose parse or link job failed is requeued alone (or its record reported, sqs-worker.ts).
 */
export const parseWorker = sqsBatchWorker(parseJob, async (items) => {
  const rt = await mailRuntime();
  const marker = poisonMarker();
  return runGathered(items, PARSE_CONCURRENCY, rt.linkQueue, async ({ body: job }, linkQueue) => {
    if (marker && (await rt.blobs.get(job.rawKey)).includes(marker)) throw new Error('fault flag: poison message');
    await parseMessage({ blobs: rt.blobs, parse: parseMime, linkQueue, problems: rt.problems, now: rt.now }, job);
  });
}, { requeue: async (jobs, delaySeconds) => (await mailRuntime()).parseQueue.requeue(jobs, delaySeconds) });
