import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSqsEmulator, type SqsEmulator } from '../../../infra/local/emulators/sqs.js';
import { createFunctionRuntime } from '../../../infra/local/function-runtime.js';
import { onSend, REPO_ROOT } from '../../../infra/local/local-stack.js';
import { LOCAL_POLL_IDLE, startPollers, type Pollers } from '../../../infra/local/pollers.js';
import { createRequestCounter, observeServer } from '../../../infra/local/request-counter.js';
import { ensureQueue } from '../../../infra/local/resources.js';
import { QUEUES, type QueueId } from '../../../shared/config/names.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('local queue pollers under load', () => {
  let emulator: SqsEmulator;
  let sqs: SQSClient;
  let pollers: Pollers | undefined;
  beforeAll(async () => {
    emulator = await startSqsEmulator(0);
    sqs = new SQSClient({ region: 'us-east-1', endpoint: emulator.endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  });
  afterAll(async () => {
    await pollers?.stop();
    sqs.destroy();
    await emulator.stop();
  });

  it('receive about once per send to a trickled queue and once per full batch of a busy one, not once per loop of every queue', { timeout: 120_000 }, async () => {
    const delivered: string[] = [];
    const runtime = createFunctionRuntime(REPO_ROOT, Object.fromEntries((Object.keys(QUEUES) as QueueId[]).map((id) => [
      QUEUES[id].consumer, async (event: SQSEvent) => {
        await sleep(20);
        delivered.push(...event.Records.map((r) => r.body));
        return { batchItemFailures: [] };
      },
    ])));
    const queues = await Promise.all((Object.keys(QUEUES) as QueueId[]).map(async (id) => {
      const q = await ensureQueue(sqs, `load-${id}`);
      return { url: q.url, arn: q.arn, consumer: QUEUES[id].consumer, batchSize: QUEUES[id].batchSize, visibilityTimeoutSeconds: 30, concurrency: QUEUES[id].maxConcurrency };
    }));
    const parse = queues[1]!;
    const counter = createRequestCounter();
    observeServer(emulator.server, 'sqs', counter);
    pollers = startPollers({ client: sqs, runtime, queues, ...LOCAL_POLL_IDLE, wakeOn: (wake) => onSend(emulator.server, wake) });
    await sleep(3_000);

    counter.reset();
    const trickled = 40;
    for (let i = 0; i < trickled; i++) {
      await sqs.send(new SendMessageCommand({ QueueUrl: parse.url, MessageBody: `t${i}` }));
      await sleep(50);
    }
    for (const deadline = Date.now() + 30_000; delivered.length < trickled && Date.now() < deadline;) await sleep(20);
    const trickleReceives = counter.counts().sqs.ReceiveMessage ?? 0;

    counter.reset();
    const busy = 200;
    for (let i = 0; i < busy; i += 10) {
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: parse.url, Entries: Array.from({ length: 10 }, (_, j) => ({ Id: String(j), MessageBody: `b${i + j}` })) }));
    }
    for (const deadline = Date.now() + 30_000; delivered.length < trickled + busy && Date.now() < deadline;) await sleep(20);
    const busyReceives = counter.counts().sqs.ReceiveMessage ?? 0;

    const loops = queues.reduce((n, q) => n + q.concurrency, 0);
    console.log(`${loops} loops on ${queues.length} queues: ${trickled} single sends to one queue → ${trickleReceives} ReceiveMessage (${(trickleReceives / trickled).toFixed(2)} a send); `
      + `${busy} messages in ${busy / 10} batch sends → ${busyReceives} ReceiveMessage (${(busyReceives / (busy / 10)).toFixed(2)} a batch of 10)`);
    expect(delivered).toHaveLength(trickled + busy);
    expect(trickleReceives).toBeLessThan(trickled * 2);
    expect(busyReceives).toBeLessThan((busy / 10) * 2.5);
  });
});
