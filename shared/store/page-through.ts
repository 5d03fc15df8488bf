import { QueryCommand, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { InvalidCursorError } from './cursor.js';
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
    const res = await queryFrom(t, {
      ...spec.query, Limit: Math.min(100, Math.max(spec.limit - out.length + 5, 10)),
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    }, spec.keyAttributes);
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

const sameNames = (key: Record<string, unknown>, names: readonly string[]) =>
  Object.keys(key).length === names.length && names.every((n) => Object.hasOwn(key, n));

/**
 * One Query that may start from a key a client handed back. A start key must name exactly the key
 * attributes of the index read; DynamoDB refuses one outside the partition or the key condition,
 * and both are the caller's bad cursor (400), not a server fault.
 * @throws InvalidCursorError
 */
export async function queryFrom(t: TableRef, input: Omit<QueryCommandInput, 'TableName'>, keyAttributes: readonly string[]): Promise<QueryCommandOutput> {
  const start = input.ExclusiveStartKey;
  if (start && !sameNames(start, keyAttributes)) throw new InvalidCursorError('The cursor does not fit this list');
  try {
    return await t.client.send(new QueryCommand({ ...input, TableName: t.table }));
  } catch (err) {
    const e = err as { name?: string; message?: string };
    if (start && e.name === 'ValidationException' && /start(ing)? key/i.test(e.message ?? '')) throw new InvalidCursorError('The cursor does not fit this list');
    throw err;
  }
}
