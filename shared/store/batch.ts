import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from './dynamo.js';
import type { Key } from './keys.js';

type Item = Record<string, unknown>;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Gets items by key (any count), in the order of `keys`; missing ones are `undefined`. */
export async function batchGet(t: TableRef, keys: readonly Key[]): Promise<(Item | undefined)[]> {
  const found = new Map<string, Item>();
  const id = (k: { pk: unknown; sk: unknown }) => `${String(k.pk)}\u0000${String(k.sk)}`;
  const unique = [...new Map(keys.map((k) => [id(k), { pk: k.pk, sk: k.sk }])).values()];
  for (let i = 0; i < unique.length; i += 100) {
    let request: Record<string, { Keys: Item[] }> | undefined = { [t.table]: { Keys: unique.slice(i, i + 100) } };
    for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
      const out = await t.client.send(new BatchGetCommand({ RequestItems: request }));
      for (const item of out.Responses?.[t.table] ?? []) found.set(id(item as Key), item);
      request = out.UnprocessedKeys as typeof request;
      if (request && Object.keys(request).length > 0) await pause(Math.min(1000, 20 * 2 ** attempt));
    }
  }
  return keys.map((k) => found.get(id(k)));
}

/** Puts and deletes items in chunks of 25, retrying unprocessed ones (idempotent writes only). */
export async function batchWrite(t: TableRef, puts: readonly Item[], deletes: readonly Key[] = []): Promise<void> {
  const requests = [
    ...deletes.map((k) => ({ DeleteRequest: { Key: { pk: k.pk, sk: k.sk } } })),
    ...puts.map((Item) => ({ PutRequest: { Item } })),
  ];
  for (let i = 0; i < requests.length; i += 25) {
    let pending: typeof requests | undefined = requests.slice(i, i + 25);
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      const out = await t.client.send(new BatchWriteCommand({ RequestItems: { [t.table]: pending } }));
      pending = out.UnprocessedItems?.[t.table] as typeof requests | undefined;
      if (pending && pending.length > 0) await pause(Math.min(1000, 20 * 2 ** attempt));
    }
  }
}
