import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from './dynamo.js';

type Item = Record<string, unknown>;

export interface Page<T> {
  readonly items: T[];
  /** Exclusive start key of the next page; undefined on the last page. */
  readonly lastKey?: Record<string, unknown>;
}

export interface PageSpec<T> {
  readonly query: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey' | 'Limit'>;
  /** Attribute names that make up the key of this index (pk, sk, and the GSI keys). */
  readonly keyAttributes: readonly string[];
  readonly limit: number;
  readonly startKey?: Record<string, unknown>;
  /** Turns index items into records (e.g. BatchGet); `undefined` drops one. */
  readonly hydrate: (items: Item[]) => Promise<(T | undefined)[]>;
  /** Keeps or drops a hydrated record (filters, stale index items, duplicates). */
  readonly accept: (record: T, item: Item) => boolean;
  /** Most index items read per request; a page may come back short with a cursor past this. */
  readonly maxExamined?: number;
}

const keyOf = (item: Item, names: readonly string[]) => Object.fromEntries(names.map((n) => [n, item[n]]));

/**
 * Reads an index page by page until `limit` records pass `accept`. The cursor is the key of the
 * last item examined, so the next page starts exactly after it and never skips or repeats.
 */
export async function pageThrough<T>(t: TableRef, spec: PageSpec<T>): Promise<Page<T>> {
  const out: T[] = [];
  let startKey = spec.startKey;
  let examined = 0;
  const max = spec.maxExamined ?? 1000;
  while (true) {
    const res = await t.client.send(new QueryCommand({
      ...spec.query, TableName: t.table, Limit: Math.min(100, Math.max(spec.limit - out.length + 5, 10)),
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    }));
    const items = (res.Items ?? []) as Item[];
    const records = await spec.hydrate(items);
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as Item;
      const record = records[i];
      examined++;
      if (record !== undefined && spec.accept(record, item)) out.push(record);
      const done = out.length >= spec.limit || examined >= max;
      if (done && (i < items.length - 1 || res.LastEvaluatedKey)) return { items: out, lastKey: keyOf(item, spec.keyAttributes) };
    }
    if (!res.LastEvaluatedKey) return { items: out };
    startKey = res.LastEvaluatedKey;
  }
}
