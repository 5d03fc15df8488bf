import { readFileSync } from 'node:fs';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSqsEmulator, type SqsEmulator } from '../../../infra/local/emulators/sqs.js';
import { createFunctionRuntime } from '../../../infra/local/function-runtime.js';
import { onSend, REPO_ROOT } from '../../../infra/local/local-stack.js';
import { LOCAL_POLL_IDLE, startPollers, type Pollers } from '../../../infra/local/pollers.js';
import { ensureQueue } from '../../../infra/local/resources.js';
import { QUEUES, type QueueId } from '../../../shared/config/names.js';

/** utime + stime of this process in seconds (Linux USER_HZ = 100). */
const ownCpuSeconds = () => {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** This process's CPU over `ms` as a share of one core. */
const cpuShareOver = async (ms: number) => {
  const cpu0 = ownCpuSeconds(); const t0 = Date.now();
  await sleep(ms);
  return (ownCpuSeconds() - cpu0) / ((Date.now() - t0) / 1000);
};

describe('local queue pollers while idle', () => {
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

  it('cost a few % of a core over 30 s with every loop of the stack running (not the 7–12 % of fixed-interval polling), and a send wakes them at once', { timeout: 90_000 }, async () => {
    const delivered: string[] = [];
    const runtime = createFunctionRuntime(REPO_ROOT, Object.fromEntries((Object.keys(QUEUES) as QueueId[]).map((id) => [
      QUEUES[id].consumer, (event: SQSEvent) => { delivered.push(...event.Records.map((r) => r.body)); return { batchItemFailures: [] }; },
    ])));
    const queues = await Promise.all((Object.keys(QUEUES) as QueueId[]).map(async (id) => {
      const q = await ensureQueue(sqs, `idle-${id}`);
      return { url: q.url, arn: q.arn, consumer: QUEUES[id].consumer, batchSize: QUEUES[id].batchSize, visibilityTimeoutSeconds: 30, concurrency: QUEUES[id].maxConcurrency };
    }));
    // What this process costs without the pollers (the emulator idle, vitest's worker busy with whatever
    // else the run does), so the pollers' own share is measured against the same background.
    // The lowest of several windows: the pollers' cost is steady and shows in every window, while
    // other test files sharing this process in a full run come in bursts that a single window catches.
    const lowestShare = async (windows: number, ms: number) => {
      const shares: number[] = [];
      for (let i = 0; i < windows; i++) shares.push(await cpuShareOver(ms));
      return Math.min(...shares);
    };
    const background = await lowestShare(3, 5_000);
    pollers = startPollers({ client: sqs, runtime, queues, ...LOCAL_POLL_IDLE, wakeOn: (wake) => onSend(emulator.server, wake) });
    await sleep(5_000); // the loops reach their longest pause

    const share = await lowestShare(3, 10_000);
    console.log(`idle pollers (${queues.reduce((n, q) => n + q.concurrency, 0)} loops) + SQS emulator: ${(share * 100).toFixed(2)} % of a core (the lowest of three 10 s windows); `
      + `the same process without pollers: ${(background * 100).toFixed(2)} % (lowest of three 5 s windows); the pollers' own: ${((share - background) * 100).toFixed(2)} %`);

    await sqs.send(new SendMessageCommand({ QueueUrl: queues[1]!.url, MessageBody: 'wake' }));
    const sentAt = Date.now();
    while (!delivered.includes('wake') && Date.now() - sentAt < 20_000) await sleep(10);
    console.log(`a message sent to an idle queue was delivered after ${Date.now() - sentAt} ms (idle pause up to ${LOCAL_POLL_IDLE.maxIdleDelayMs} ms)`);

    // Alone the pollers cost about 1.2 % of a core; polling at a fixed interval cost 7–12 %. The whole
    // process's share also moves with what vitest's worker does meanwhile in a full run, so the bound is
    // on the difference.
    expect(share - background).toBeLessThan(0.04);
    expect(delivered).toEqual(['wake']);
  });
});
