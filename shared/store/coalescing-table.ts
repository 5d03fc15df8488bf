import { BatchGetCommand, BatchWriteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from './dynamo.js';

type Item = Record<string, unknown>;
type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } };
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const keyId = (k: Item) => `${String(k.pk)}\u0000${String(k.sk)}`;
const keyOf = (item: Item): Item => ({ pk: item.pk, sk: item.sk });

/** GetItem calls gathered within this many milliseconds go out together. */
const WINDOW_MS = 2;
/** Unconditional writes wait up to this long for others (or until 25 are waiting). */
const WRITE_WINDOW_MS = 10;
const GET_MAX = 100;
const WRITE_MAX = 25;
/** Rounds of unprocessed keys or items before the callers get an error (DynamoDB throttling for seconds). */
const MAX_ATTEMPTS = 10;

interface PendingGet { readonly key: Item; resolve(item: Item | undefined): void; reject(error: unknown): void }
interface PendingWrite { readonly request: WriteRequest; done(error?: unknown): void }

/**
 * The table as a batch of concurrent work sees it (the link worker's mails): GetItem calls issued
 * within a few milliseconds of each other go out as one BatchGetItem (per consistency and
 * projection), and unconditional PutItem and BatchWriteItem calls as BatchWriteItem calls of 25,
 * unprocessed items retried. Each caller still awaits its own items. Conditional writes, updates,
 * queries and transactions pass straight through, so every guarantee a condition gives stays.
 */
export function coalescingTable(t: TableRef): TableRef {
  const gets = new Map<string, { consistent: boolean; projection?: string; names?: Record<string, string>; calls: PendingGet[] }>();
  let writes: PendingWrite[] = [];
  let getTimer: NodeJS.Timeout | undefined;
  let writeTimer: NodeJS.Timeout | undefined;
  const scheduleGets = () => { getTimer ??= setTimeout(flushGets, WINDOW_MS); };
  const flushGets = () => {
    getTimer = undefined;
    const groups = [...gets.values()];
    gets.clear();
    for (const group of groups) void runGets(t, group);
  };
  // A full call goes at once; otherwise writes wait a little longer than reads for the other mails' writes.
  const scheduleWrites = () => {
    if (writes.length >= WRITE_MAX) flushWrites();
    else writeTimer ??= setTimeout(flushWrites, WRITE_WINDOW_MS);
  };
  const flushWrites = () => {
    clearTimeout(writeTimer);
    writeTimer = undefined;
    const batch = writes;
    writes = [];
    if (batch.length > 0) void runWrites(t, batch);
  };

  const send = (command: unknown): Promise<unknown> => {
    if (command instanceof GetCommand && command.input.TableName === t.table) {
      const { Key, ConsistentRead, ProjectionExpression, ExpressionAttributeNames } = command.input;
      const group = `${ConsistentRead ? 1 : 0}\u0000${ProjectionExpression ?? ''}\u0000${JSON.stringify(ExpressionAttributeNames ?? {})}`;
      return new Promise((resolve, reject) => {
        const g = gets.get(group) ?? { consistent: ConsistentRead === true, projection: ProjectionExpression, names: ExpressionAttributeNames, calls: [] };
        g.calls.push({ key: Key as Item, resolve: (Item) => resolve(Item ? { Item } : {}), reject });
        gets.set(group, g);
        scheduleGets();
      });
    }
    if (command instanceof PutCommand && command.input.TableName === t.table && !command.input.ConditionExpression && !command.input.ReturnValues) {
      return gathered([{ PutRequest: { Item: command.input.Item as Item } }]).then(() => ({}));
    }
    if (command instanceof BatchWriteCommand && Object.keys(command.input.RequestItems ?? {}).every((name) => name === t.table)) {
      return gathered((command.input.RequestItems?.[t.table] ?? []) as WriteRequest[]).then(() => ({ UnprocessedItems: {} }));
    }
    return t.client.send(command as never);
  };
  const gathered = (requests: readonly WriteRequest[]) => Promise.all(requests.map((request) => new Promise<void>((resolve, reject) => {
    writes.push({ request, done: (error) => (error === undefined ? resolve() : reject(error)) });
    scheduleWrites();
  })));
  return { table: t.table, client: { send } as unknown as DynamoDBDocumentClient };
}

async function runGets(t: TableRef, group: { consistent: boolean; projection?: string; names?: Record<string, string>; calls: PendingGet[] }): Promise<void> {
  const byKey = new Map<string, PendingGet[]>();
  for (const call of group.calls) byKey.set(keyId(call.key), [...(byKey.get(keyId(call.key)) ?? []), call]);
  const keys = [...byKey.values()].map((calls) => calls[0]!.key);
  // The keys are read whatever the projection names, so each item can be matched to its callers;
  // a key the projection names itself is not named twice (DynamoDB refuses overlapping paths).
  const asked = new Set((group.projection ?? '').split(',').map((p) => p.trim()).map((p) => group.names?.[p] ?? p));
  const missing = group.projection === undefined ? [] : (['pk', 'sk'] as const).filter((k) => !asked.has(k));
  const projection = missing.length === 0 ? group.projection : [group.projection, ...missing.map((k) => `#ck_${k}`)].join(', ');
  const names = missing.length === 0 ? group.names : { ...group.names, ...Object.fromEntries(missing.map((k) => [`#ck_${k}`, k])) };
  for (let i = 0; i < keys.length; i += GET_MAX) {
    const chunk = keys.slice(i, i + GET_MAX);
    try {
      const found = new Map<string, Item>();
      let pending: Item[] | undefined = chunk;
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt >= MAX_ATTEMPTS) throw new Error(`${pending.length} keys left unprocessed by BatchGetItem`);
        if (attempt > 0) await pause(Math.min(1000, 20 * 2 ** attempt));
        const out = await t.client.send(new BatchGetCommand({ RequestItems: { [t.table]: {
          Keys: pending, ConsistentRead: group.consistent,
          ...(projection ? { ProjectionExpression: projection } : {}), ...(names && Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
        } } }));
        for (const item of out.Responses?.[t.table] ?? []) found.set(keyId(item), item);
        pending = out.UnprocessedKeys?.[t.table]?.Keys as Item[] | undefined;
      }
      for (const key of chunk) {
        const item = found.get(keyId(key));
        const asAsked = item && missing.length > 0 ? withoutKeys(item, missing) : item;
        for (const call of byKey.get(keyId(key)) ?? []) call.resolve(asAsked);
      }
    } catch (error) {
      for (const key of chunk) for (const call of byKey.get(keyId(key)) ?? []) call.reject(error);
    }
  }
}

const withoutKeys = (item: Item, keys: readonly string[]): Item => Object.fromEntries(Object.entries(item).filter(([k]) => !keys.includes(k)));

async function runWrites(t: TableRef, batch: readonly PendingWrite[]): Promise<void> {
  // One request may not hold two writes of one item: a later write of a key waits for the next call.
  const rounds: PendingWrite[][] = [];
  for (const write of batch) {
    const id = keyId('PutRequest' in write.request ? keyOf(write.request.PutRequest.Item) : write.request.DeleteRequest.Key);
    let round = rounds.find((r) => r.length < WRITE_MAX && !r.some((w) => keyId('PutRequest' in w.request ? keyOf(w.request.PutRequest.Item) : w.request.DeleteRequest.Key) === id));
    if (!round) rounds.push(round = []);
    round.push(write);
  }
  for (const round of rounds) {
    try {
      let pending: WriteRequest[] | undefined = round.map((w) => w.request);
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt >= MAX_ATTEMPTS) throw new Error(`${pending.length} items left unprocessed by BatchWriteItem`);
        if (attempt > 0) await pause(Math.min(1000, 20 * 2 ** attempt));
        const out = await t.client.send(new BatchWriteCommand({ RequestItems: { [t.table]: pending } }));
        pending = out.UnprocessedItems?.[t.table] as WriteRequest[] | undefined;
      }
      for (const write of round) write.done();
    } catch (error) {
      for (const write of round) write.done(error);
    }
  }
}
