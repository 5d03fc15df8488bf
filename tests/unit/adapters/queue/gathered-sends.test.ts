import { describe, expect, it } from 'vitest';
import { runGathered } from '../../../../shared/adapters/queue/gathered-sends.js';
import { createMemoryQueue } from '../../../../shared/adapters/queue/sqs-queue.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('runGathered', () => {
  it('sends what 10 items send in one batch, with 4 at work at once and no wait on itself', async () => {
    const queue = createMemoryQueue<number>();
    const after: number[] = [];

    const outcomes = await runGathered(Array.from({ length: 10 }, (_, i) => i), 4, queue, async (n, lane) => {
      await tick();
      await lane.send(n);
      after.push(n);
    });

    expect(outcomes).toEqual(Array(10).fill(undefined));
    expect(queue.batches).toEqual([10]);
    expect([...queue.sent].sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(after.sort((a, b) => a - b)).toHaveLength(10);
  });

  it('fails exactly the item that threw and the item whose message was not queued', async () => {
    const sent: number[] = [];
    const queue = { sendBatch: async (ms: readonly number[]) => { sent.push(...ms.filter((m) => m !== 7)); return ms.flatMap((m, i) => (m === 7 ? [i] : [])); } };
    const after: number[] = [];

    const outcomes = await runGathered(Array.from({ length: 10 }, (_, i) => i), 3, queue, async (n, lane) => {
      if (n === 2) throw new Error('poison');
      await lane.send(n);
      after.push(n);
    });

    expect(outcomes.flatMap((o, i) => (o ? [i] : []))).toEqual([2, 7]);
    expect(sent.sort((a, b) => a - b)).toEqual([0, 1, 3, 4, 5, 6, 8, 9]);
    expect(after.sort((a, b) => a - b)).toEqual([0, 1, 3, 4, 5, 6, 8, 9]);
  });

  it('resolves at once for no items and for items that send nothing', async () => {
    const queue = createMemoryQueue<number>();

    expect(await runGathered([], 4, queue, async () => undefined)).toEqual([]);
    expect(await runGathered([1, 2], 4, queue, async () => undefined)).toEqual([undefined, undefined]);
    expect(queue.batches).toEqual([]);
  });
});
