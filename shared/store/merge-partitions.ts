import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from './dynamo.js';

type Item = Record<string, unknown>;

export interface MergeSpec<T> {
  /** Partitions (pk values) whose items are merged by sort key, highest first. */
  readonly partitions: readonly string[];
  /** Inclusive sort-key bounds. */
  readonly from?: string;
  readonly to?: string;
  /** Sort key of the last item the previous page examined: this page reads below it. */
  readonly before?: string;
  readonly limit: number;
  readonly maxExamined: number;
  readonly hydrate: (items: Item[]) => Promise<(T | undefined)[]>;
  readonly accept: (record: T, item: Item) => boolean;
  /** Emit at most one record per sort key (the same thread listed in two partitions at once). */
  readonly distinct?: boolean;
}

interface Stream { readonly pk: string; buf: Item[]; next?: Record<string, unknown>; done: boolean }

const skOf = (i: Item) => String(i.sk);

/** Reads the next items of one partition, newest first. */
async function refill<T>(t: TableRef, spec: MergeSpec<T>, s: Stream, limit: number): Promise<void> {
  const upper = spec.before !== undefined && (spec.to === undefined || spec.before <= spec.to) ? spec.before : spec.to;
  const exclusive = upper !== undefined && upper === spec.before;
  const lower = spec.from;
  const cond = lower !== undefined && upper !== undefined ? 'pk = :p AND sk BETWEEN :lo AND :hi'
    : upper !== undefined ? `pk = :p AND sk ${exclusive ? '<' : '<='} :hi`
      : lower !== undefined ? 'pk = :p AND sk >= :lo' : 'pk = :p';
  const out = await t.client.send(new QueryCommand({
    TableName: t.table, KeyConditionExpression: cond, ScanIndexForward: false, Limit: limit,
    ExpressionAttributeValues: { ':p': s.pk, ...(lower !== undefined && cond.includes(':lo') ? { ':lo': lower } : {}), ...(upper !== undefined ? { ':hi': upper } : {}) },
    ...(s.next ? { ExclusiveStartKey: s.next } : {}),
  }));
  // BETWEEN is inclusive: the item the previous page ended on is not read again.
  s.buf.push(...((out.Items ?? []) as Item[]).filter((i) => !(exclusive && skOf(i) === upper)));
  s.next = out.LastEvaluatedKey;
  s.done = !out.LastEvaluatedKey;
}

/**
 * Lists the items of several partitions as one list, highest sort key first (a k-way merge): each
 * partition is read page by page only as far as the merged page needs it, so a page costs about
 * one Query per partition plus what it returns. The cursor is the sort key of the last item
 * examined, never inside a run of equal sort keys (the same thread's stale item in another
 * partition), so the next page neither skips nor repeats.
 */
export async function mergePartitions<T>(t: TableRef, spec: MergeSpec<T>): Promise<{ items: T[]; lastSk?: string }> {
  if (spec.before !== undefined && spec.from !== undefined && spec.before < spec.from) return { items: [] };
  const streams: Stream[] = spec.partitions.map((pk) => ({ pk, buf: [], done: false }));
  const firstRead = Math.min(100, spec.limit + 1);
  await Promise.all(streams.map((s) => refill(t, spec, s, firstRead)));
  const out: T[] = [];
  let examined = 0;
  let lastAccepted: string | undefined;
  while (true) {
    await Promise.all(streams.filter((s) => s.buf.length === 0 && !s.done).map((s) => refill(t, spec, s, Math.min(100, spec.limit + 5))));
    // Take items in merged order while every partition still has a head to compare with.
    const batch: Item[] = [];
    const want = Math.max(spec.limit - out.length + 5, 10);
    while (batch.length < want || (batch.length > 0 && streams.some((s) => s.buf[0] && skOf(s.buf[0]) === skOf(batch.at(-1)!)))) {
      if (streams.some((s) => s.buf.length === 0 && !s.done)) break;
      const head = streams.filter((s) => s.buf.length > 0).reduce<Stream | undefined>((best, s) => (!best || skOf(s.buf[0]!) > skOf(best.buf[0]!) ? s : best), undefined);
      if (!head) break;
      batch.push(head.buf.shift()!);
    }
    if (batch.length === 0) return { items: out };
    const records = await spec.hydrate(batch);
    for (let i = 0; i < batch.length; i++) {
      const item = batch[i]!;
      examined++;
      const record = records[i];
      // Equal sort keys are adjacent and never split by a cursor, so remembering the last one suffices.
      if (record !== undefined && !(spec.distinct && lastAccepted === skOf(item)) && spec.accept(record, item)) {
        out.push(record);
        lastAccepted = skOf(item);
      }
      // An item with the same sort key is next in the batch or at the head of another partition.
      const sameNext = batch[i + 1] !== undefined ? skOf(batch[i + 1]!) === skOf(item) : streams.some((s) => s.buf[0] !== undefined && skOf(s.buf[0]) === skOf(item));
      if ((out.length >= spec.limit || examined >= spec.maxExamined) && !sameNext) {
        const more = i < batch.length - 1 || streams.some((s) => s.buf.length > 0 || !s.done);
        return more ? { items: out, lastSk: skOf(item) } : { items: out };
      }
    }
  }
}
