import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PaymentEmailQuota } from '../domain/orders/ports.js';
import type { TableRef } from './dynamo.js';
import { rateWindowKey } from './keys.js';
import { isConditionFailure } from './transact.js';


/** Seconds a finished window's counter lingers before the table's TTL removes it. */
const LINGER_SECONDS = 300;

/** One fixed window of one bucket of one Space. */
export interface RateWindow {
  readonly spaceId: string;
  readonly bucket: string;
  readonly startMs: number;
  readonly lengthMs: number;
  readonly limit: number;
}

/** Counts calls per window; `take` is false once the window's limit is used up. */
export interface RateLimitStore {
  take(window: RateWindow): Promise<boolean>;
  /** Calls counted in the window so far (a consistent read). */
  used(window: Omit<RateWindow, 'limit'>): Promise<number>;
}

/** DynamoDB counters: one conditional ADD per call, so the limit holds across Lambda containers. */
export const createRateLimitStore = (t: TableRef): RateLimitStore => ({
  async take(w) {
    try {
      await t.client.send(new UpdateCommand({
        TableName: t.table,
        Key: rateWindowKey(w.spaceId, w.bucket, w.startMs),
        UpdateExpression: 'ADD #count :one SET entity = :entity, expiresAt = :expires',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: {
          ':one': 1, ':limit': w.limit, ':entity': 'rate-window',
          ':expires': Math.ceil((w.startMs + w.lengthMs) / 1000) + LINGER_SECONDS,
        },
      }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },
  async used(w) {
    const out = await t.client.send(new GetCommand({ TableName: t.table, Key: rateWindowKey(w.spaceId, w.bucket, w.startMs), ConsistentRead: true }));
    return typeof out.Item?.count === 'number' ? out.Item.count : 0;
  },
});

/** The in-memory twin for unit tests. */
export const createMemoryRateLimitStore = (): RateLimitStore & { readonly counts: Map<string, number> } => {
  const counts = new Map<string, number>();
  return {
    counts,
    async take(w) {
      const { pk, sk } = rateWindowKey(w.spaceId, w.bucket, w.startMs);
      const key = pk + sk;
      const used = counts.get(key) ?? 0;
      if (used >= w.limit) return false;
      counts.set(key, used + 1);
      return true;
    },
    async used(w) {
      const { pk, sk } = rateWindowKey(w.spaceId, w.bucket, w.startMs);
      return counts.get(pk + sk) ?? 0;
    },
  };
};

const DAY_MS = 86_400_000;

/** The payment-email budget of each Space per UTC day, on the same conditional counters. */
export const createPaymentEmailQuota = (store: RateLimitStore, perDay: number): PaymentEmailQuota => {
  const day = (spaceId: string, now: Date) => ({ spaceId, bucket: 'payment-email', startMs: now.getTime() - (now.getTime() % DAY_MS), lengthMs: DAY_MS });
  return {
    perDay,
    take: (spaceId, now) => store.take({ ...day(spaceId, now), limit: perDay }),
    exhausted: async (spaceId, now) => (await store.used(day(spaceId, now))) >= perDay,
  };
};
