import { BatchGetCommand, BatchWriteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from './dynamo.js';

type Item = Record<string, unknown>;
export type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } };
const keyId = (k: Item) => `${String(k.pk)}\u0000${String(k.sk)}`;
const keyOfRequest = (r: WriteRequest): Item => ('PutRequest' in r ? r.PutRequest.Item : r.DeleteRequest.Key);
const WRITE_MAX = 25;
const MAX_ATTEMPTS = 10;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One mail's view of the table while a link batch runs: its unconditional puts and batch writes
 * (thread member, timeline, address index) are held, and handed to `send` (the batch's lane: every
 * mail's held writes go out together, in full BatchWriteItem calls) before the mail's next other
 * write, before a read of a held key or any query, and at `flush`. So the writes reach the table
 * in the order the mail made them, and the message item, a conditional put written last, is sent
 * only once everything before it is stored.
 */
export function stagedWrites(t: TableRef, send: (requests: WriteRequest[]) => Promise<void>): { table: TableRef; flush(): Promise<void> } {
  let held: WriteRequest[] = [];
  const keys = new Set<string>();
  const flush = async () => {
    if (held.length === 0) return;
    const requests = held;
    held = [];
    keys.clear();
    await send(requests);
  };
  const hold = (requests: readonly WriteRequest[]) => {
    for (const r of requests) { held.push(r); keys.add(keyId(keyOfRequest(r))); }
  };
  const readsHeld = (command: unknown): boolean => {
    if (command instanceof GetCommand) return keys.has(keyId(command.input.Key as Item));
    if (command instanceof BatchGetCommand) return Object.values(command.input.RequestItems ?? {}).some((r) => (r.Keys ?? []).some((k) => keys.has(keyId(k as Item))));
    return held.length > 0;
  };

  const clientSend = async (command: unknown): Promise<unknown> => {
    if (command instanceof PutCommand && command.input.TableName === t.table && !command.input.ConditionExpression && !command.input.ReturnValues) {
      hold([{ PutRequest: { Item: command.input.Item as Item } }]);
      return {};
    }
    if (command instanceof BatchWriteCommand && Object.keys(command.input.RequestItems ?? {}).every((name) => name === t.table)) {
      hold((command.input.RequestItems?.[t.table] ?? []) as WriteRequest[]);
      return { UnprocessedItems: {} };
    }
    if (readsHeld(command)) await flush();
    return t.client.send(command as never);
  };
  return { table: { table: t.table, client: { send: clientSend } as unknown as DynamoDBDocumentClient }, flush };
}

/**
 * Writes each mail's held requests (BatchWriteItem calls of 25, unprocessed items retried); the
 * calls go out at once, so a batching table (coalescingTable) fills its calls across mails.
 * Resolves the indexes of the mails whose writes did not all land.
 */
export async function writeHeld(t: TableRef, perMail: readonly WriteRequest[][]): Promise<number[]> {
  const outcomes = await Promise.allSettled(perMail.map(async (requests) => {
    for (let i = 0; i < requests.length; i += WRITE_MAX) {
      let pending: WriteRequest[] | undefined = requests.slice(i, i + WRITE_MAX);
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt >= MAX_ATTEMPTS) throw new Error(`${pending.length} items left unprocessed by BatchWriteItem`);
        if (attempt > 0) await pause(Math.min(1000, 20 * 2 ** attempt));
        const out = await t.client.send(new BatchWriteCommand({ RequestItems: { [t.table]: pending } }));
        pending = out.UnprocessedItems?.[t.table] as WriteRequest[] | undefined;
      }
    }
  }));
  return outcomes.flatMap((o, i) => (o.status === 'rejected' ? [i] : []));
}

/**
 * Writes requests that depend on nothing but each other's absence (the message items of a link
 * batch, after every other write of their mails) in BatchWriteItem calls of 25, unprocessed items
 * retried with backoff. Resolves the indexes of the requests that did not land, with the error, so
 * only their mails are reported failed.
 */
export async function writeLast(t: TableRef, requests: readonly WriteRequest[]): Promise<Map<number, unknown>> {
  const failed = new Map<number, unknown>();
  const calls: number[][] = [];
  for (let i = 0; i < requests.length; i += WRITE_MAX) calls.push(requests.slice(i, i + WRITE_MAX).map((_, j) => i + j));
  await Promise.all(calls.map(async (indexes) => {
    let pending = indexes;
    try {
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= MAX_ATTEMPTS) throw new Error(`${pending.length} items left unprocessed by BatchWriteItem`);
        if (attempt > 0) await pause(Math.min(1000, 20 * 2 ** attempt));
        const out = await t.client.send(new BatchWriteCommand({ RequestItems: { [t.table]: pending.map((i) => requests[i]!) } }));
        const left = new Set(((out.UnprocessedItems?.[t.table] ?? []) as WriteRequest[]).map((r) => keyId(keyOfRequest(r))));
        pending = pending.filter((i) => left.has(keyId(keyOfRequest(requests[i]!))));
      }
    } catch (error) {
      for (const i of pending) failed.set(i, error);
    }
  }));
  return failed;
}
