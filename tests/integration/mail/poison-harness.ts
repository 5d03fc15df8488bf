import { createHash, randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { createFunctionRuntime, type LambdaHandler } from '../../../infra/local/function-runtime.js';
import { REPO_ROOT } from '../../../infra/local/local-stack.js';
import { startPollers, type Pollers } from '../../../infra/local/pollers.js';
import { ensureQueue } from '../../../infra/local/resources.js';
import { openEnvelope } from '../../../shared/adapters/queue/envelope.js';
import { ENV } from '../../../shared/config/names.js';
import { mailKeys, type ParseJob } from '../../../shared/domain/threads/pipeline-jobs.js';
import { localStack, useLocalStackEnv } from '../../support/local-stack.js';
import { aMail } from './mail-harness.js';

/** Receives before SQS moves a message to the parse queue's DLQ. */
export const MAX_RECEIVES = 5;

const sqsClient = () => new SQSClient({ region: 'us-east-1', endpoint: localStack().endpoints.sqs, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

/**
 * The poison-mail scene both poison tests share: a parse queue with a DLQ after MAX_RECEIVES, a
 * link queue nobody polls, the real parse worker (its fault hook poisons mail carrying the marker)
 * behind queue pollers, and ten stored mails of which the fifth is poisoned. A test sends the jobs
 * its own way, then `run`s the pollers and reads the queues.
 */
export async function poisonScene(name: string) {
  useLocalStackEnv();
  const sqs = sqsClient();
  const marker = `POISON-${randomUUID()}`;
  const dlq = await ensureQueue(sqs, `${name}-parse-dlq`);
  const parse = await ensureQueue(sqs, `${name}-parse`, {
    VisibilityTimeout: '1', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: MAX_RECEIVES }),
  });
  const link = await ensureQueue(sqs, `${name}-link`);
  // The worker reads these when it first builds its runtime, in this test worker.
  process.env[ENV.linkQueueUrl] = link.url;
  process.env[ENV.parseQueueUrl] = parse.url;
  process.env.MAILBRIDGE_FAULT_PARSE_POISON = marker;
  const { handler } = await import('../../../functions/parse-message.js');
  const { mailRuntime } = await import('../../../shared/deps/mail-runtime.js');
  const rt = await mailRuntime();

  const spaceId = `t${randomUUID().slice(0, 12)}`;
  const jobs: ParseJob[] = await Promise.all(Array.from({ length: 10 }, async (_, i) => {
    const raw = aMail({ subject: `Mail ${i}`, body: i === 4 ? `bad ${marker}` : `good ${i}` });
    const sha256 = createHash('sha256').update(raw).digest('hex');
    const rawKey = mailKeys.raw(spaceId, 'mbx1', sha256);
    await rt.blobs.put(rawKey, raw, 'message/rfc822');
    return { v: 1, correlationId: `poison-${i}`, spaceId, mailboxId: 'mbx1', folderRole: 'inbox', rawKey, sha256, size: raw.length, uid: i + 1 };
  }));
  /** How often the worker received each mail (by raw key), envelopes opened. */
  const received = new Map<string, number>();
  const counting: LambdaHandler = async (event: SQSEvent, context) => {
    for (const r of event.Records) {
      for (const job of openEnvelope(JSON.parse(r.body)).jobs) {
        const key = (job as ParseJob).rawKey;
        received.set(key, (received.get(key) ?? 0) + 1);
      }
    }
    return handler(event, context);
  };
  let pollers: Pollers | undefined;

  const depth = async (url: string) => {
    const got = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] }));
    const a = got.Attributes ?? {};
    return Number(a.ApproximateNumberOfMessages ?? 0) + Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) + Number(a.ApproximateNumberOfMessagesDelayed ?? 0);
  };
  return {
    sqs, dlq, parse, link, jobs, received, depth,
    poisonKey: jobs[4]!.rawKey,
    /** Polls the parse queue with the counting worker until only the poison is left, in the DLQ. */
    async run(timeoutMs = 45_000): Promise<void> {
      pollers = startPollers({
        client: sqs, runtime: createFunctionRuntime(REPO_ROOT, { 'parse-message': counting }),
        queues: [{ url: parse.url, arn: parse.arn, consumer: 'parse-message', batchSize: 10, visibilityTimeoutSeconds: 1 }], idleDelayMs: 50,
      });
      const deadline = Date.now() + timeoutMs;
      while (!((await depth(dlq.url)) === 1 && (await depth(parse.url)) === 0)) {
        if (Date.now() > deadline) throw new Error('the poison did not reach the DLQ in time');
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    /** Every job on a queue nobody polls, out of its envelopes, read without deleting. */
    async drainJobs(url: string): Promise<unknown[]> {
      const found: unknown[] = [];
      for (let empty = 0; empty < 3;) {
        const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 60, WaitTimeSeconds: 0 }));
        if (!out.Messages?.length) { empty += 1; continue; }
        for (const m of out.Messages) found.push(...openEnvelope(JSON.parse(m.Body ?? '')).jobs);
      }
      return found;
    },
    async stop(): Promise<void> { await pollers?.stop(); sqs.destroy(); },
  };
}
