import { randomUUID } from 'node:crypto';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { createFunctionRuntime, type LambdaHandler } from '../../../infra/local/function-runtime.js';
import { REPO_ROOT } from '../../../infra/local/local-stack.js';
import { startPollers, type Pollers } from '../../../infra/local/pollers.js';
import { ensureQueue } from '../../../infra/local/resources.js';
import { localStack } from '../../support/local-stack.js';

describe('local queue pollers: the batching window', () => {
  const sqs = new SQSClient({ region: 'us-east-1', endpoint: localStack().endpoints.sqs, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const running: Pollers[] = [];
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop()));
    sqs.destroy();
  });

  async function deliveries(batchingWindowMs: number): Promise<number[]> {
    const queue = await ensureQueue(sqs, `window-${randomUUID().slice(0, 8)}`, { VisibilityTimeout: '30' });
    const send = (from: number, n: number) => sqs.send(new SendMessageBatchCommand({
      QueueUrl: queue.url, Entries: Array.from({ length: n }, (_, i) => ({ Id: String(i), MessageBody: `m${from + i}` })),
    }));
    const batches: number[] = [];
    const handler: LambdaHandler = (event: SQSEvent) => { batches.push(event.Records.length); return { batchItemFailures: [] }; };
    let wake = () => {};
    await send(0, 3);
    running.push(startPollers({
      client: sqs, runtime: createFunctionRuntime(REPO_ROOT, { 'parse-message': handler }), idleDelayMs: 50,
      wakeOn: (w) => { wake = w; return () => {}; },
      queues: [{ url: queue.url, arn: queue.arn, consumer: 'parse-message', batchSize: 10, visibilityTimeoutSeconds: 30, batchingWindowMs }],
    }));
    await new Promise((r) => setTimeout(r, 300));
    await send(3, 7);
    wake();
    const deadline = Date.now() + 20_000;
    while (batches.reduce((a, b) => a + b, 0) < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return batches;
  }

  it('gathers records sent within the window into one full batch', async () => {
    expect(await deliveries(5_000)).toEqual([10]);
  });

  it('calls the consumer at once without a window', async () => {
    expect(await deliveries(0)).toEqual([3, 7]);
  });
});
