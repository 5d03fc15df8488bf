/**
 * What a synced message costs on AWS, priced from the requests the sync benchmark counted.
 * Public on-demand prices, us-east-1, read on 2026-11-29 (free tiers ignored):
 * - DynamoDB on-demand: $0.625 per million write request units, $0.125 per million read request
 *   units (https://aws.amazon.com/dynamodb/pricing/on-demand/, after the 2024-11-01 price cut);
 * - S3 Standard: $0.005 per 1,000 PUT, COPY, POST and LIST requests, $0.0004 per 1,000 GET and
 *   other requests (https://aws.amazon.com/s3/pricing/);
 * - SQS standard queues: $0.40 per million requests, each 64 KB chunk of a payload billed as one
 *   request (https://aws.amazon.com/sqs/pricing/).
 * Lambda duration and invocations are not in the model (they follow the CPU figures the bench prints).
 */
import type { CountedService } from '../../infra/local/request-counter.js';

export const PRICES_USD_PER_MILLION = {
  dynamoWriteUnit: 0.625,
  dynamoReadUnit: 0.125,
  s3Put: 5,
  s3Get: 0.4,
  sqsRequest: 0.4,
} as const;

const S3_PUT_CLASS = new Set(['PUT', 'POST', 'COPY', 'LIST']);
const DYNAMO_READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);

export interface PerMessage {
  readonly requests: number;
  readonly byService: Record<CountedService, number>;
  readonly s3Puts: number;
  readonly dynamoReads: number;
  readonly writeUnits: number;
  /** Dollars per million synced messages, by line. */
  readonly cost: { readonly dynamoWrites: number; readonly dynamoReads: number; readonly s3Puts: number; readonly s3Gets: number; readonly sqs: number; readonly total: number };
}

/**
 * Per-message figures from the request counts of `messages` synced messages and the write units per
 * message measured on DynamoDB Local. Read units are taken as one per read request: exact for
 * strongly consistent reads of items up to 4 KB, high for eventually consistent ones, low for a
 * BatchGetItem of many items.
 */
export function perMessage(counts: Record<CountedService, Record<string, number>>, messages: number, writeUnits: number): PerMessage {
  const sum = (ops: Record<string, number>, keep: (op: string) => boolean = () => true) =>
    Object.entries(ops).filter(([op]) => keep(op)).reduce((n, [, c]) => n + c, 0) / messages;
  const byService = { dynamodb: sum(counts.dynamodb), s3: sum(counts.s3), sqs: sum(counts.sqs) };
  const s3Puts = sum(counts.s3, (op) => S3_PUT_CLASS.has(op));
  const s3Gets = byService.s3 - s3Puts;
  const dynamoReads = sum(counts.dynamodb, (op) => DYNAMO_READS.has(op));
  const p = PRICES_USD_PER_MILLION;
  const cost = {
    dynamoWrites: writeUnits * p.dynamoWriteUnit, dynamoReads: dynamoReads * p.dynamoReadUnit,
    s3Puts: s3Puts * p.s3Put, s3Gets: s3Gets * p.s3Get, sqs: byService.sqs * p.sqsRequest,
  };
  const total = Object.values(cost).reduce((a, b) => a + b, 0);
  return {
    requests: byService.dynamodb + byService.s3 + byService.sqs, byService, s3Puts, dynamoReads, writeUnits,
    cost: { ...cost, total },
  };
}

/** The figures as the benchmark prints them. */
export function formatPerMessage(m: PerMessage, counts: Record<CountedService, Record<string, number>>, messages: number): string[] {
  const ops = (service: CountedService) => Object.entries(counts[service]).sort(([a], [b]) => a.localeCompare(b))
    .map(([op, n]) => `${op} ${(n / messages).toFixed(2)}`).join(', ') || 'none';
  const c = m.cost;
  return [
    `requests per synced message: ${m.requests.toFixed(2)} (DynamoDB ${m.byService.dynamodb.toFixed(2)}, S3 ${m.byService.s3.toFixed(2)}, SQS ${m.byService.sqs.toFixed(2)})`,
    `  DynamoDB: ${ops('dynamodb')}`,
    `  S3:       ${ops('s3')}`,
    `  SQS:      ${ops('sqs')}`,
    `  S3 PUTs ${m.s3Puts.toFixed(2)}, SQS requests ${m.byService.sqs.toFixed(2)}, DynamoDB write units ${m.writeUnits.toFixed(2)}`,
    `cost per million synced messages: $${c.total.toFixed(2)} (DynamoDB writes $${c.dynamoWrites.toFixed(2)}, reads $${c.dynamoReads.toFixed(2)}; ` +
      `S3 PUTs $${c.s3Puts.toFixed(2)}, GETs $${c.s3Gets.toFixed(2)}; SQS $${c.sqs.toFixed(2)})`,
  ];
}
