import { parseMime } from '../shared/adapters/mime/mailparser-mime.js';
import { sqsWorker } from '../shared/adapters/queue/sqs-worker.js';
import { parseMessage } from '../shared/domain/threads/parse-message.js';
import { parseJob } from '../shared/domain/threads/pipeline-jobs.js';
import { mailRuntime } from '../shared/store/mail-runtime.js';

/** Test-only fault flag (docs/reliability.md Q1): fail every record whose raw key contains this marker. */
const poisonMarker = () => process.env.MAILBRIDGE_FAULT_PARSE_POISON;

/** Parser worker: raw MIME → ParsedMail JSON and attachments in the bucket → a link job. */
export const handler = sqsWorker(parseJob, async (job) => {
  const rt = await mailRuntime();
  const marker = poisonMarker();
  if (marker && (await rt.blobs.get(job.rawKey)).includes(marker)) throw new Error('fault flag: poison message');
  await parseMessage({ blobs: rt.blobs, parse: parseMime, linkQueue: rt.linkQueue, problems: rt.problems, now: rt.now }, job);
});
