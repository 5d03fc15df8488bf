import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
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
  it('sends 25 messages in 3 SendMessageBatch calls', async () => {
    const bodies: string[] = [];
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: { MessageBody: string }[] }) => {
      bodies.push(...input.Entries.map((e) => e.MessageBody));
      return { Successful: [], Failed: [] };
    });
    const queue = createSqsQueue<{ n: number }>('http://q', {}, new SQSClient({ region: 'us-east-1' }));

    const unsent = await queue.sendBatch(Array.from({ length: 25 }, (_, n) => ({ n })));

    expect(unsent).toEqual([]);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(3);
    expect(bodies.map((b) => (JSON.parse(b) as { n: number }).n)).toEqual(Array.from({ length: 25 }, (_, n) => n));
  });

  it('sends refused entries again and reports exactly the ones SQS keeps refusing', async () => {
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: { Id: string }[] }) => ({
      Successful: [],
      Failed: input.Entries.filter((e) => e.Id === '3' || (e.Id === '5' && input.Entries.length > 2))
        .map((e) => ({ Id: e.Id, Code: 'InternalError', SenderFault: false })),
    }));
    const queue = createSqsQueue<{ n: number }>('http://q', {}, new SQSClient({ region: 'us-east-1' }));

    const unsent = await queue.sendBatch(Array.from({ length: 8 }, (_, n) => ({ n })));

    expect(unsent).toEqual([3]);
  });

  it('reports every entry of a call that failed as a whole, and the other calls still go out', async () => {
    let call = 0;
    sqs.on(SendMessageBatchCommand).callsFake(() => {
      call++;
      if (call === 1) throw new Error('connection reset');
      return { Successful: [], Failed: [] };
    });
    const queue = createSqsQueue<{ n: number }>('http://q', {}, new SQSClient({ region: 'us-east-1', maxAttempts: 1 }));

    const unsent = await queue.sendBatch(Array.from({ length: 12 }, (_, n) => ({ n })));

    expect(unsent).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(call).toBe(2);
  });

  it('refuses a body above the queue limit before any request', async () => {
    const queue = createSqsQueue<{ s: string }>('http://q', { maxBodyBytes: 100 }, new SQSClient({ region: 'us-east-1' }));

    await expect(queue.sendBatch([{ s: 'x'.repeat(200) }])).rejects.toThrow(/exceeds 100/);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });
});
