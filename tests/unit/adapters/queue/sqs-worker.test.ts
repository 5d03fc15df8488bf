import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sqsWorker } from '../../../../shared/adapters/queue/sqs-worker.js';
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
