import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ENVELOPE_MAX_BYTES, openEnvelope } from '../../../../shared/adapters/queue/envelope.js';
import { createSqsQueue, planBatches, SQS_MAX_PAYLOAD_BYTES } from '../../../../shared/adapters/queue/sqs-queue.js';

const sqs = mockClient(SQSClient);
afterEach(() => sqs.reset());

describe('planBatches', () => {
  it('puts at most 10 entries and 256 KiB of bodies in one call', () => {
    expect(planBatches(Array(25).fill(100)).map((b) => b.length)).toEqual([10, 10, 5]);
    expect(planBatches([200 * 1024, 100 * 1024, 10]).map((b) => b.length)).toEqual([1, 2]);
    expect(planBatches([SQS_MAX_PAYLOAD_BYTES, 1])).toEqual([[0], [1]]);
  });
});

describe('createSqsQueue().sendBatch', () => {
  it('sends 25 small messages as one envelope in one SendMessageBatch call', async () => {
    const bodies: string[] = [];
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: { MessageBody: string }[] }) => {
      bodies.push(...input.Entries.map((e) => e.MessageBody));
      return { Successful: [], Failed: [] };
    });
    const queue = createSqsQueue<{ n: number }>('http://q', {}, new SQSClient({ region: 'us-east-1' }));

    const unsent = await queue.sendBatch(Array.from({ length: 25 }, (_, n) => ({ n })));

    expect(unsent).toEqual([]);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
    expect(bodies).toHaveLength(1);
    expect(bodies.flatMap((b) => openEnvelope(JSON.parse(b)).jobs as { n: number }[]).map((j) => j.n)).toEqual(Array.from({ length: 25 }, (_, n) => n));
  });

  it('fills envelopes up to 64 KiB and SendMessageBatch calls up to 10 envelopes and 256 KiB', async () => {
    const bodies: string[] = [];
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: { MessageBody: string }[] }) => {
      bodies.push(...input.Entries.map((e) => e.MessageBody));
      return { Successful: [], Failed: [] };
    });
    const queue = createSqsQueue<{ n: number; s: string }>('http://q', { maxBodyBytes: 256 * 1024 }, new SQSClient({ region: 'us-east-1' }));

    // 40 jobs of about 10 KiB: 6 to an envelope of 64 KiB, 7 envelopes, 4 of them to a call of 256 KiB.
    const unsent = await queue.sendBatch(Array.from({ length: 40 }, (_, n) => ({ n, s: 'x'.repeat(10_000) })));

    expect(unsent).toEqual([]);
    expect(bodies.every((b) => Buffer.byteLength(b) <= ENVELOPE_MAX_BYTES)).toBe(true);
    expect(bodies.map((b) => openEnvelope(JSON.parse(b)).jobs.length)).toEqual([6, 6, 6, 6, 6, 6, 4]);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(2);
  });

  it('sends refused envelopes again and reports exactly the jobs of the one SQS keeps refusing', async () => {
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: { Id: string }[] }) => ({
      Successful: [],
      Failed: input.Entries.filter((e) => e.Id === '1' || (e.Id === '2' && input.Entries.length > 2))
        .map((e) => ({ Id: e.Id, Code: 'InternalError', SenderFault: false })),
    }));
    const queue = createSqsQueue<{ n: number; s: string }>('http://q', { maxBodyBytes: 256 * 1024 }, new SQSClient({ region: 'us-east-1' }));

    // 8 jobs of 30 KB: two to an envelope, envelopes 0..3.
    const unsent = await queue.sendBatch(Array.from({ length: 8 }, (_, n) => ({ n, s: 'x'.repeat(30_000) })));

    expect(unsent).toEqual([2, 3]);
  });

  it('reports every job of a call that failed as a whole, and the other calls still go out', async () => {
    let call = 0;
    sqs.on(SendMessageBatchCommand).callsFake(() => {
      call++;
      if (call === 1) throw new Error('connection reset');
      return { Successful: [], Failed: [] };
    });
    const queue = createSqsQueue<{ n: number; s: string }>('http://q', { maxBodyBytes: 256 * 1024 }, new SQSClient({ region: 'us-east-1', maxAttempts: 1 }));

    // 12 jobs of 40 KB: one to an envelope, 6 envelopes to a call of 256 KiB.
    const unsent = await queue.sendBatch(Array.from({ length: 12 }, (_, n) => ({ n, s: 'x'.repeat(40_000) })));

    expect(unsent).toEqual([0, 1, 2, 3, 4, 5]);
    expect(call).toBe(2);
  });

  it('requeues jobs as an envelope with a delay, and throws when it cannot', async () => {
    const sent: { body: string; delay?: number }[] = [];
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: { MessageBody: string; DelaySeconds?: number }[] }) => {
      sent.push(...input.Entries.map((e) => ({ body: e.MessageBody, delay: e.DelaySeconds })));
      return { Successful: [], Failed: [] };
    });
    const queue = createSqsQueue<{ n: number }>('http://q', {}, new SQSClient({ region: 'us-east-1', maxAttempts: 1 }));

    await queue.requeue([{ n: 1 }, { n: 2 }], 5);
    sqs.on(SendMessageBatchCommand).rejects(new Error('down'));

    expect(sent).toEqual([{ body: '{"v":1,"jobs":[{"n":1},{"n":2}]}', delay: 5 }]);
    await expect(queue.requeue([{ n: 3 }], 5)).rejects.toThrow(/could not be queued again/);
  });

  it('refuses a body above the queue limit before any request', async () => {
    const queue = createSqsQueue<{ s: string }>('http://q', { maxBodyBytes: 100 }, new SQSClient({ region: 'us-east-1' }));

    await expect(queue.sendBatch([{ s: 'x'.repeat(200) }])).rejects.toThrow(/exceeds 100/);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });
});
