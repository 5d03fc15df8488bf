import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { logger } from '../../observability/logger.js';
import { openEnvelope } from './envelope.js';

export interface RecordMeta {
  readonly messageId: string;
  readonly receiveCount: number;
  readonly correlationId: string;
}

const RECORD_CONCURRENCY = 4;

const runRecord = async <T extends { correlationId: string }>(
  record: SQSRecord,
  schema: z.ZodType<T>,
  handle: (body: T, meta: RecordMeta) => Promise<void>,
): Promise<boolean> => {
  const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? 1);
  try {
    const body = schema.parse(JSON.parse(record.body));
    await handle(body, { messageId: record.messageId, receiveCount, correlationId: body.correlationId });
    return true;
  } catch (error) {
    // Left on the queue: redelivered after the visibility timeout, to the DLQ after maxReceiveCount.
    logger.error('record failed', { messageId: record.messageId, receiveCount, error: error as Error });
    return false;
  }
};

/**
 * One Lambda entry for an SQS event source with partial batch responses: each record is handled on
 * its own, only failed ones are reported, and the handler itself never throws (a throw or an
 * unknown identifier would make Lambda retry the whole batch — docs/reliability.md Q2).
 */
export const sqsWorker = <T extends { correlationId: string }>(schema: z.ZodType<T>, handle: (body: T, meta: RecordMeta) => Promise<void>) => {
  const consume = async (event: SQSEvent, _context: Context): Promise<SQSBatchResponse> => {
    const records = event.Records ?? [];
    const ok: boolean[] = new Array(records.length).fill(false);
    let next = 0;
    const lane = async () => {
      while (next < records.length) {
        const index = next++;
        ok[index] = await runRecord(records[index]!, schema, handle);
      }
    };
    await Promise.all(Array.from({ length: Math.min(RECORD_CONCURRENCY, records.length) }, lane));
    return { batchItemFailures: records.filter((_, i) => !ok[i]).map((r) => ({ itemIdentifier: r.messageId })) };
  };
  return middy(consume).use(injectLambdaContext(logger, { resetKeys: true }));
};

/** One decoded record of a batch. */
export interface BatchItem<T> {
  readonly body: T;
  readonly meta: RecordMeta;
}

export interface BatchWorkerOptions<T> {
  /**
   * Sends the failed jobs of an envelope whose other jobs succeeded back to the queue, as an envelope
   * of their own (Queue.requeue). Without it such an envelope fails whole, and its redelivery finds
   * the done jobs done (every job is idempotent).
   */
  readonly requeue?: (jobs: readonly T[], delaySeconds: number) => Promise<void>;
}

/** The pause before requeued jobs are received again (transient faults, such as throttling, pass). */
export const REQUEUE_DELAY_SECONDS = 5;

/**
 * An SQS worker that handles the batch as a batch (shared lookups, gathered sends): `handle` gets
 * every job that decoded, out of their envelopes (envelope.ts), and resolves one outcome per item
 * (undefined = done, `{ error }` = not done). A record is reported failed when none of its jobs is
 * done, or when any of its jobs does not decode (a sender of another version: the envelope goes
 * whole to the DLQ, nothing in it lost), so SQS redelivers it and, after maxReceiveCount, moves it to the
 * DLQ. When only some jobs of an envelope failed, they are requeued alone and the record succeeds:
 * the done ones are neither redone nor lost, and a poison job ends in the DLQ in an envelope of its
 * own after one more receive than a single job; if the requeue fails, the record fails whole. The
 * handler never throws (a throw would fail the whole batch).
 */
export const sqsBatchWorker = <T extends { correlationId: string }>(
  schema: z.ZodType<T>,
  handle: (items: readonly BatchItem<T>[]) => Promise<readonly ({ error: unknown } | undefined)[]>,
  options: BatchWorkerOptions<T> = {},
) => {
  const consume = async (event: SQSEvent, _context: Context): Promise<SQSBatchResponse> => {
    const records = event.Records ?? [];
    const failed = new Set<string>();
    const items: (BatchItem<T> & { record: number })[] = [];
    const jobsOf = records.map(() => 0);
    records.forEach((record, index) => {
      const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? 1);
      try {
        const { jobs } = openEnvelope(JSON.parse(record.body));
        jobsOf[index] = jobs.length;
        for (const job of jobs) {
          const body = schema.parse(job);
          items.push({ body, record: index, meta: { messageId: record.messageId, receiveCount, correlationId: body.correlationId } });
        }
      } catch (error) {
        logger.error('record failed', { messageId: record.messageId, receiveCount, error: error as Error });
        failed.add(record.messageId);
      }
    });
    const decoded = items.filter((item) => !failed.has(records[item.record]!.messageId));
    let outcomes: readonly ({ error: unknown } | undefined)[];
    try {
      outcomes = await handle(decoded);
    } catch (error) {
      outcomes = decoded.map(() => ({ error }));
    }
    // A handler that answers for fewer items than it got leaves the rest undone.
    const undone = records.map((): T[] => []);
    decoded.forEach((item, i) => {
      const outcome = i < outcomes.length ? outcomes[i] : { error: new Error('no outcome for this job') };
      if (!outcome) return;
      logger.error('job failed', { messageId: item.meta.messageId, receiveCount: item.meta.receiveCount, correlationId: item.meta.correlationId, error: outcome.error as Error });
      undone[item.record]!.push(item.body);
    });
    await Promise.all(records.map(async (record, index) => {
      const jobs = undone[index]!;
      if (jobs.length === 0 || failed.has(record.messageId)) return;
      if (jobs.length === jobsOf[index] || !options.requeue) {
        failed.add(record.messageId);
        return;
      }
      try {
        await options.requeue(jobs, REQUEUE_DELAY_SECONDS);
        logger.warn('failed jobs requeued', { messageId: record.messageId, failed: jobs.length, of: jobsOf[index] });
      } catch (error) {
        logger.error('requeue failed; the record fails whole', { messageId: record.messageId, error: error as Error });
        failed.add(record.messageId);
      }
    }));
    return { batchItemFailures: records.filter((r) => failed.has(r.messageId)).map((r) => ({ itemIdentifier: r.messageId })) };
  };
  return middy(consume).use(injectLambdaContext(logger, { resetKeys: true }));
};
