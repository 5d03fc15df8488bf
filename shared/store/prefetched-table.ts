import {
  BatchGetCommand, BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { batchGet } from './batch.js';
import type { TableRef } from './dynamo.js';
import type { Key } from './keys.js';

type Item = Record<string, unknown>;
const keyId = (k: { pk?: unknown; sk?: unknown }) => `${String(k.pk)}\u0000${String(k.sk)}`;

/**
 * The table with some items read ahead, consistently, in BatchGetItem calls of 100 keys (a link
 * batch's message identities, thread items and owner lookups: link-prefetch.ts). Each prefetched
 * item answers the first GetItem (or the first BatchGetItem naming it) and only that one: a second
 * read of the key goes to the table, so a mail that waits behind another of its batch (same thread,
 * same Message-ID) sees what that one wrote. A write naming a key drops it unread. The answer is
 * what a consistent read at the start of the batch saw; every write that depends on it keeps its
 * condition (the claim, the thread's update, the message item), so a stale answer costs a retry,
 * never a wrong item.
 */
export async function prefetchedTable(t: TableRef, keys: readonly Key[]): Promise<TableRef> {
  const unique = [...new Map(keys.map((k) => [keyId(k), k])).values()];
  const found = unique.length === 0 ? [] : await batchGet(consistent(t), unique);
  const cache = new Map<string, Item | undefined>(unique.map((k, i) => [keyId(k), found[i]]));
  const take = (key: Item): { hit: boolean; item?: Item } => {
    const id = keyId(key);
    if (!cache.has(id)) return { hit: false };
    const item = cache.get(id);
    cache.delete(id);
    return { hit: true, ...(item ? { item } : {}) };
  };

  const send = (command: unknown): Promise<unknown> => {
    if (command instanceof GetCommand && command.input.TableName === t.table) {
      const fields = projected(command.input.ProjectionExpression, command.input.ExpressionAttributeNames);
      if (fields !== null && cache.has(keyId(command.input.Key as Item))) {
        const { item } = take(command.input.Key as Item);
        return Promise.resolve(item ? { Item: pick(item, fields) } : {});
      }
    }
    if (command instanceof BatchGetCommand) return batchGetFrom(t, command, take);
    for (const key of writtenKeys(command)) cache.delete(keyId(key));
    return t.client.send(command as never);
  };
  return { table: t.table, client: { send } as unknown as DynamoDBDocumentClient };
}

/** The same table, every BatchGetItem strongly consistent (so the prefetch sees every finished write). */
const consistent = (t: TableRef): TableRef => ({
  table: t.table,
  client: { send: (c: unknown) => t.client.send(c instanceof BatchGetCommand
    ? new BatchGetCommand({ RequestItems: Object.fromEntries(Object.entries(c.input.RequestItems ?? {}).map(([n, r]) => [n, { ...r, ConsistentRead: true }])) })
    : c as never) } as unknown as DynamoDBDocumentClient,
});

/** The top-level attributes a projection names (undefined: all), or null when it names a nested path. */
function projected(expression: string | undefined, names: Record<string, string> | undefined): string[] | undefined | null {
  if (expression === undefined) return undefined;
  const fields = expression.split(',').map((p) => p.trim()).map((p) => names?.[p] ?? p);
  return fields.some((f) => /[.[\]]/.test(f) || f.startsWith('#')) ? null : fields;
}

const pick = (item: Item, fields: readonly string[] | undefined): Item =>
  fields === undefined ? { ...item } : Object.fromEntries(fields.filter((f) => f in item).map((f) => [f, item[f]]));

/** Answers the keys of this table it holds, and asks the table for the rest (in one call, as asked). */
async function batchGetFrom(t: TableRef, command: BatchGetCommand, take: (key: Item) => { hit: boolean; item?: Item }): Promise<unknown> {
  const asked = command.input.RequestItems?.[t.table];
  const fields = asked ? projected(asked.ProjectionExpression, asked.ExpressionAttributeNames) : null;
  if (!asked || fields === null) return t.client.send(command);
  const answered: Item[] = [];
  const rest: Item[] = [];
  for (const key of (asked.Keys ?? []) as Item[]) {
    const { hit, item } = take(key);
    if (!hit) rest.push(key);
    else if (item) answered.push(pick(item, fields));
  }
  if (rest.length === 0) return { Responses: { [t.table]: answered }, UnprocessedKeys: {} };
  const out = await t.client.send(new BatchGetCommand({ ...command.input, RequestItems: { ...command.input.RequestItems, [t.table]: { ...asked, Keys: rest } } }));
  return { ...out, Responses: { ...out.Responses, [t.table]: [...answered, ...(out.Responses?.[t.table] ?? [])] } };
}

/** The keys a write command names (puts, updates, deletes, batch writes, transactions). */
function writtenKeys(command: unknown): Item[] {
  const keyOf = (item: Item | undefined): Item[] => (item ? [{ pk: item.pk, sk: item.sk }] : []);
  if (command instanceof PutCommand) return keyOf(command.input.Item as Item);
  if (command instanceof UpdateCommand || command instanceof DeleteCommand) return keyOf(command.input.Key as Item);
  if (command instanceof BatchWriteCommand) {
    return Object.values(command.input.RequestItems ?? {}).flat().flatMap((r) => [...keyOf(r.PutRequest?.Item as Item), ...keyOf(r.DeleteRequest?.Key as Item)]);
  }
  if (command instanceof TransactWriteCommand) {
    return (command.input.TransactItems ?? []).flatMap((a) => [
      ...keyOf(a.Put?.Item as Item), ...keyOf(a.Update?.Key as Item), ...keyOf(a.Delete?.Key as Item), ...keyOf(a.ConditionCheck?.Key as Item),
    ]);
  }
  return [];
}
