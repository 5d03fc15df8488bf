import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { createFunctionRuntime, type LambdaHandler } from '../../../infra/local/function-runtime.js';
import { REPO_ROOT } from '../../../infra/local/local-stack.js';
import { startPollers, type Pollers } from '../../../infra/local/pollers.js';
import { ensureQueue } from '../../../infra/local/resources.js';
import { localStack } from '../../support/local-stack.js';

const MAX_RECEIVES = 3;

describe('local queue pollers (event source mapping)', () => {
  const sqs = new SQSClient({
    region: 'us-east-1', endpoint: localStack().endpoints.sqs, credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const running: Pollers[] = [];
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop()));
    sqs.destroy();
  });

  /** A fresh queue + DLQ with 1 s visibility, ten messages on it, and a poller with `handler`. */
  async function pollWith(handler: LambdaHandler) {
    const name = `test-${randomUUID().slice(0, 8)}`;
    const dlq = await ensureQueue(sqs, `${name}-dlq`);
    const queue = await ensureQueue(sqs, name, {
      VisibilityTimeout: '1',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: MAX_RECEIVES }),
    });
    const bodies = Array.from({ length: 10 }, (_, i) => `m${i}`);
    await sqs.send(new SendMessageBatchCommand({
      QueueUrl: queue.url, Entries: bodies.map((b, i) => ({ Id: String(i), MessageBody: b })),
    }));
    const pollers = startPollers({
      client: sqs,
      runtime: createFunctionRuntime(REPO_ROOT, { 'parse-message': handler }),
      queues: [{ url: queue.url, arn: queue.arn, consumer: 'parse-message', batchSize: 10, visibilityTimeoutSeconds: 1 }],
      idleDelayMs: 50,
    });
    running.push(pollers);
    const depth = async (url: string) => {
      const got = await sqs.send(new GetQueueAttributesCommand({
        QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }));
      return Number(got.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(got.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
    };
    return { queue, dlq, bodies, pollers, depth };
  }

  it('deletes succeeded records, redelivers a poison one and moves it to the DLQ after maxReceiveCount', async () => {
    const seen = new Map<string, number>();
    const receiveCounts: string[] = [];
    const handler: LambdaHandler = (event: SQSEvent): SQSBatchResponse => {
      const failures = [];
      for (const record of event.Records) {
        seen.set(record.body, (seen.get(record.body) ?? 0) + 1);
        if (record.body === 'm3') {
          receiveCounts.push(record.attributes.ApproximateReceiveCount);
          failures.push({ itemIdentifier: record.messageId });
        }
      }
      return { batchItemFailures: failures };
    };
    const { queue, dlq, bodies, depth } = await pollWith(handler);

    await until(async () => (await depth(dlq.url)) === 1 && (await depth(queue.url)) === 0);

    for (const body of bodies.filter((b) => b !== 'm3')) expect(seen.get(body)).toBe(1);
    expect(seen.get('m3')).toBe(MAX_RECEIVES);
    expect(receiveCounts).toEqual(['1', '2', '3']);
  });

  it('redelivers the whole batch when the handler throws', async () => {
    const seen = new Map<string, number>();
    let calls = 0;
    const handler: LambdaHandler = (event: SQSEvent) => {
      calls += 1;
      for (const record of event.Records) seen.set(record.body, (seen.get(record.body) ?? 0) + 1);
      if (calls === 1) throw new Error('crash past the per-record try');
      return { batchItemFailures: [] };
    };
    const { queue, bodies, depth } = await pollWith(handler);

    await until(async () => calls >= 2 && (await depth(queue.url)) === 0);

    expect(bodies.every((b) => (seen.get(b) ?? 0) >= 1)).toBe(true);
    expect([...seen.values()].filter((n) => n === 2).length).toBeGreaterThan(0);
  });

  it.each([
    ['an empty itemIdentifier', ''],
    ['an id that is not in the event', 'not-a-message-id'],
  ])('redelivers the whole batch when the handler returns %s', async (_name, badId) => {
    const firstBatch: string[] = [];
    const redelivered = new Set<string>();
    let calls = 0;
    const handler: LambdaHandler = (event: SQSEvent): SQSBatchResponse => {
      calls += 1;
      if (calls === 1) {
        firstBatch.push(...event.Records.map((r) => r.body));
        return { batchItemFailures: [{ itemIdentifier: badId }] };
      }
      for (const r of event.Records) redelivered.add(r.body);
      return { batchItemFailures: [] };
    };
    const { queue, depth } = await pollWith(handler);

    await until(async () => calls >= 2 && (await depth(queue.url)) === 0);

    expect(firstBatch.length).toBeGreaterThan(0);
    expect(firstBatch.every((b) => redelivered.has(b))).toBe(true);
  });

  it('hands the consumer a Lambda-shaped SQS record', async () => {
    const records: SQSEvent['Records'] = [];
    const { queue, depth } = await pollWith((event: SQSEvent) => {
      records.push(...event.Records);
      return { batchItemFailures: [] };
    });

    await until(async () => records.length >= 10 && (await depth(queue.url)) === 0);

    expect(records[0]).toMatchObject({
      messageId: expect.any(String), receiptHandle: expect.any(String), body: expect.stringMatching(/^m\d$/),
      eventSource: 'aws:sqs', eventSourceARN: queue.arn, awsRegion: 'us-east-1',
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: expect.any(String) },
    });
  });
});

async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not reached in time');
}
