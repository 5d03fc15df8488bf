import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { REQUEUE_DELAY_SECONDS, sqsBatchWorker, sqsWorker } from '../../../../shared/adapters/queue/sqs-worker.js';
import { aLambdaContext } from '../../../support/events.js';

const job = z.object({ correlationId: z.string(), n: z.number() });
const anSqsEvent = (bodies: string[]): SQSEvent => ({
  Records: bodies.map((body, i) => ({
    messageId: `m${i}`, receiptHandle: `r${i}`, body, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn', awsRegion: 'us-east-1',
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 's', ApproximateFirstReceiveTimestamp: '0' }, messageAttributes: {},
  })),
});

describe('sqsWorker', () => {
  it('reports only the failed records of a batch and processes the rest once', async () => {
    const seen: number[] = [];
    const worker = sqsWorker(job, async ({ n }) => { if (n === 3) throw new Error('poison'); seen.push(n); });
    const bodies = Array.from({ length: 10 }, (_, n) => JSON.stringify({ correlationId: 'c', n }));

    const res = await worker(anSqsEvent(bodies), aLambdaContext());

    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'm3' }]);
    expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9]);
  });

  it('never throws and never reports an unknown identifier, whatever the records hold', async () => {
    const worker = sqsWorker(job, async () => undefined);
    const bodies = ['not json', '{}', JSON.stringify({ correlationId: 'c', n: 'x' }), JSON.stringify({ correlationId: 'c', n: 1 })];

    const res = await worker(anSqsEvent(bodies), aLambdaContext());

    const ids = new Set(['m0', 'm1', 'm2', 'm3']);
    expect(res.batchItemFailures.every((f) => ids.has(f.itemIdentifier) && f.itemIdentifier !== '')).toBe(true);
    expect(res.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m0', 'm1', 'm2']);
  });
});

describe('sqsBatchWorker with envelopes', () => {
  const envelope = (ns: number[]) => JSON.stringify({ v: 1, jobs: ns.map((n) => ({ correlationId: 'c', n })) });
  const failing = (bad: Set<number>, seen: number[]) => async (items: readonly { body: { n: number } }[]) =>
    items.map(({ body }) => { if (bad.has(body.n)) return { error: new Error('poison') }; seen.push(body.n); return undefined; });

  it('handles every job of every envelope once, requeues only the failed jobs of a partly failed envelope and acknowledges it', async () => {
    const seen: number[] = [];
    const requeued: { jobs: number[]; delay: number }[] = [];
    const worker = sqsBatchWorker(job, failing(new Set([3]), seen), {
      requeue: async (jobs, delay) => { requeued.push({ jobs: jobs.map((j) => j.n), delay }); },
    });

    const res = await worker(anSqsEvent([envelope([0, 1, 2, 3, 4]), envelope([5, 6]), JSON.stringify({ correlationId: 'c', n: 7 })]), aLambdaContext());

    expect(res.batchItemFailures).toEqual([]);
    expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 4, 5, 6, 7]);
    expect(requeued).toEqual([{ jobs: [3], delay: REQUEUE_DELAY_SECONDS }]);
  });

  it('reports an envelope whose jobs all failed, so that SQS counts its receives toward the DLQ', async () => {
    const requeued: number[][] = [];
    const worker = sqsBatchWorker(job, failing(new Set([3, 4]), []), { requeue: async (jobs) => { requeued.push(jobs.map((j) => j.n)); } });

    const res = await worker(anSqsEvent([envelope([3, 4]), envelope([5])]), aLambdaContext());

    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'm0' }]);
    expect(requeued).toEqual([]);
  });

  it('reports a partly failed envelope whole when its failed jobs cannot be requeued, or when it has no requeue', async () => {
    const down = sqsBatchWorker(job, failing(new Set([1]), []), { requeue: async () => { throw new Error('SQS down'); } });
    const none = sqsBatchWorker(job, failing(new Set([1]), []));

    expect((await down(anSqsEvent([envelope([0, 1]), envelope([2])]), aLambdaContext())).batchItemFailures).toEqual([{ itemIdentifier: 'm0' }]);
    expect((await none(anSqsEvent([envelope([0, 1]), envelope([2])]), aLambdaContext())).batchItemFailures).toEqual([{ itemIdentifier: 'm0' }]);
  });

  it('reports an envelope holding a job that does not decode, without handling any of its jobs', async () => {
    const seen: number[] = [];
    const worker = sqsBatchWorker(job, failing(new Set(), seen));

    const res = await worker(anSqsEvent([JSON.stringify({ v: 1, jobs: [{ correlationId: 'c', n: 0 }, { n: 'x' }] }), envelope([1])]), aLambdaContext());

    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'm0' }]);
    expect(seen).toEqual([1]);
  });
});
