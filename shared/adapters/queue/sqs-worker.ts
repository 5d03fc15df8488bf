import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { logger } from '../../observability/logger.js';

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
