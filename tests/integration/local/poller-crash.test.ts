import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { createBundleRuntime, type BundleRuntime } from '../../../infra/local/function-host/bundle-runtime.js';
import { buildLocalBundles } from '../../../infra/local/function-host/local-bundles.js';
import { REPO_ROOT } from '../../../infra/local/local-stack.js';
import { startPollers, type Pollers } from '../../../infra/local/pollers.js';
import { ensureQueue } from '../../../infra/local/resources.js';
import { localStack } from '../../support/local-stack.js';

const MAX_RECEIVES = 2;
const sqs = new SQSClient({ region: 'us-east-1', endpoint: localStack().endpoints.sqs, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
let runtime: BundleRuntime | undefined;
let pollers: Pollers | undefined;
afterAll(async () => {
  await pollers?.stop();
  await runtime?.stop();
  sqs.destroy();
});

const depth = async (url: string) => {
  const got = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(got.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(got.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
};

async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('condition not reached in time');
}

describe('a queue consumer whose process dies', () => {
  it('fails the batch like a failed invocation: redelivered, then the DLQ, while later batches get a fresh process', async () => {
    const bundles = await buildLocalBundles({ root: REPO_ROOT, only: ['parse-message'], entries: { 'parse-message': 'tests/fixtures/functions/faulty.ts' } });
    runtime = createBundleRuntime({ bundles, envFor: () => ({ ...localStack().functionEnv['parse-message'] }), statementsFor: () => [] });
    const name = `crash-${randomUUID().slice(0, 8)}`;
    const dlq = await ensureQueue(sqs, `${name}-dlq`);
    const queue = await ensureQueue(sqs, name, { VisibilityTimeout: '1', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: MAX_RECEIVES }) });
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'exit' }));
    pollers = startPollers({ client: sqs, runtime, queues: [{ url: queue.url, arn: queue.arn, consumer: 'parse-message', batchSize: 1, visibilityTimeoutSeconds: 1 }], idleDelayMs: 50 });

    await until(async () => (await depth(dlq.url)) === 1 && (await depth(queue.url)) === 0);
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'fine' }));
    await until(async () => (await depth(queue.url)) === 0);
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq.url, MaxNumberOfMessages: 10 }));

    // 'fine' was handled by a fresh process: had it failed too, it would be in the DLQ beside 'exit'.
    expect(dead.Messages?.map((m) => m.Body)).toEqual(['exit']);
  }, 120_000);
});
