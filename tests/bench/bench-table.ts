import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '../../infra/local/emulators/dynamodb.js';
import { ensureTable, LOCAL_TABLE_NAME } from '../../infra/local/resources.js';
import type { TableRef } from '../../shared/store/dynamo.js';

/** The p-th percentile of ascending `sorted` times. */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;

/**
 * Runs a benchmark against the app table: on BENCH_DYNAMODB_ENDPOINT when set, else on its own
 * in-memory DynamoDB Local, stopped afterwards.
 */
export async function withBenchTable(run: (t: TableRef) => Promise<void>): Promise<void> {
  const local = process.env.BENCH_DYNAMODB_ENDPOINT ? undefined : await startDynamoDbLocal({ port: 0 });
  const endpoint = process.env.BENCH_DYNAMODB_ENDPOINT ?? (local?.endpoint as string);
  const raw = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  try {
    await ensureTable(raw);
    await run({ client: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }), table: LOCAL_TABLE_NAME });
  } finally {
    raw.destroy();
    await local?.stop();
  }
}
