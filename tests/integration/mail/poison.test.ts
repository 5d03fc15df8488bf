import { createHash, randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { createFunctionRuntime, type LambdaHandler } from '../../../infra/local/function-runtime.js';
import { REPO_ROOT } from '../../../infra/local/local-stack.js';
import { startPollers, type Pollers } from '../../../infra/local/pollers.js';
import { ensureQueue } from '../../../infra/local/resources.js';
import { openEnvelope } from '../../../shared/adapters/queue/envelope.js';
import { ENV } from '../../../shared/config/names.js';
import { mailKeys, type LinkJob, type ParseJob } from '../../../shared/domain/threads/pipeline-jobs.js';
import { localStack, useLocalStackEnv } from '../../support/local-stack.js';
import { aMail } from './mail-harness.js';

const MAX_RECEIVES = 5;
const MARKER = `POISON-${randomUUID()}`;

const sqs = new SQSClient({ region: 'us-east-1', endpoint: localStack().endpoints.sqs, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
let pollers: Pollers | undefined;
afterAll(async () => { await pollers?.stop(); sqs.destroy(); });

const depth = async (url: string) => {
  const got = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(got.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(got.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
};

async function until(check: () => Promise<boolean>, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('condition not reached in time');
}

/** Everything on a queue (a plain queue nobody polls), read without deleting; visibility hides repeats. */
async function drainBodies(url: string): Promise<string[]> {
  const bodies: string[] = [];
  for (let empty = 0; empty < 3;) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 60, WaitTimeSeconds: 0 }));
    if (!out.Messages?.length) { empty += 1; continue; }
    bodies.push(...out.Messages.map((m) => m.Body ?? ''));
  }
  return bodies;
}

describe('a poison mail through the real parse worker and queue pollers (Q1)', () => {
  it('parses the nine good mails exactly once and moves the poison one to the DLQ after five receives', async () => {
    useLocalStackEnv();
    const name = `poison-${randomUUID().slice(0, 8)}`;
    const dlq = await ensureQueue(sqs, `${name}-parse-dlq`);
    const parse = await ensureQueue(sqs, `${name}-parse`, {
      VisibilityTimeout: '1', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: MAX_RECEIVES }),
    });
    const link = await ensureQueue(sqs, `${name}-link`);
    // The worker reads these when it first builds its runtime, in this test worker.
    process.env[ENV.linkQueueUrl] = link.url;
    process.env.MAILBRIDGE_FAULT_PARSE_POISON = MARKER;
    const { handler } = await import('../../../functions/parse-message.js');
    const { mailRuntime } = await import('../../../shared/deps/mail-runtime.js');
    const rt = await mailRuntime();

    const spaceId = `t${randomUUID().slice(0, 12)}`;
    const jobs: ParseJob[] = await Promise.all(Array.from({ length: 10 }, async (_, i) => {
      const raw = aMail({ subject: `Mail ${i}`, body: i === 4 ? `bad ${MARKER}` : `good ${i}` });
      const sha256 = createHash('sha256').update(raw).digest('hex');
      const rawKey = mailKeys.raw(spaceId, 'mbx1', sha256);
      await rt.blobs.put(rawKey, raw, 'message/rfc822');
      return { v: 1, correlationId: `poison-${i}`, spaceId, mailboxId: 'mbx1', folderRole: 'inbox', rawKey, sha256, size: raw.length, uid: i + 1 };
    }));
    const poisonKey = jobs[4]!.rawKey;
    const received = new Map<string, number>();
    const counting: LambdaHandler = async (event: SQSEvent, context) => {
      for (const r of event.Records) {
        const key = (JSON.parse(r.body) as ParseJob).rawKey;
        received.set(key, (received.get(key) ?? 0) + 1);
      }
      return handler(event, context);
    };
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: parse.url, Entries: jobs.map((j, i) => ({ Id: String(i), MessageBody: JSON.stringify(j) })) }));
    pollers = startPollers({
      client: sqs, runtime: createFunctionRuntime(REPO_ROOT, { 'parse-message': counting }),
      queues: [{ url: parse.url, arn: parse.arn, consumer: 'parse-message', batchSize: 10, visibilityTimeoutSeconds: 1 }], idleDelayMs: 50,
    });

    await until(async () => (await depth(dlq.url)) === 1 && (await depth(parse.url)) === 0);
    // The parser sends its link jobs in envelopes (several mails to a queue message).
    const linkJobs = (await drainBodies(link.url)).flatMap((b) => openEnvelope(JSON.parse(b)).jobs as (LinkJob & { rawKey: string })[]);

    expect(received.get(poisonKey)).toBe(MAX_RECEIVES);
    expect(jobs.filter((j) => j.rawKey !== poisonKey).map((j) => received.get(j.rawKey))).toEqual(Array(9).fill(1));
    expect(linkJobs).toHaveLength(9);
    expect(new Set(linkJobs.map((j) => j.rawKey)).size).toBe(9);
    expect(linkJobs.map((j) => j.rawKey)).not.toContain(poisonKey);
    expect(await depth(dlq.url)).toBe(1);
  }, 60_000);
});
