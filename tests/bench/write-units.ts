import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const WRITES = new Set(['PutCommand', 'UpdateCommand', 'DeleteCommand', 'BatchWriteCommand', 'TransactWriteCommand']);
type Units = { reported: number; estimated: number; calls: Record<string, number>; byCall: Record<string, number> };

/** 1 WCU per started KB of the written item (the update's values when the item is not known), 2× in a transaction. */
function estimate(name: string, input: Record<string, unknown>): number {
  const kb = (v: unknown) => Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(v ?? {}, (_k, x) => (x instanceof Set ? [...x] : x))) / 1024));
  if (name === 'PutCommand') return kb(input.Item);
  if (name === 'UpdateCommand') return kb({ ...(input.Key as object), ...(input.ExpressionAttributeValues as object) });
  if (name === 'DeleteCommand') return kb(input.Key);
  if (name === 'BatchWriteCommand') {
    return Object.values(input.RequestItems as Record<string, { PutRequest?: { Item: unknown }; DeleteRequest?: { Key: unknown } }[]>)
      .flat().reduce((n, r) => n + kb(r.PutRequest?.Item ?? r.DeleteRequest?.Key), 0);
  }
  const items = (input.TransactItems ?? []) as Record<string, Record<string, unknown>>[];
  return items.reduce((n, i) => {
    const [kind, body] = Object.entries(i)[0] as [string, Record<string, unknown>];
    return n + 2 * estimate(`${kind}Command`, body);
  }, 0);
}

/**
 * Wraps a document client so every write asks for ConsumedCapacity (TOTAL) and is counted: what
 * DynamoDB reported, and an estimate by item size for calls where DynamoDB Local reports nothing.
 */
export function countingClient(client: DynamoDBDocumentClient): { client: DynamoDBDocumentClient; units: Units; reset(): void } {
  const units: Units = { reported: 0, estimated: 0, calls: {}, byCall: {} };
  const send = client.send.bind(client) as (command: unknown) => Promise<Record<string, unknown>>;
  const wrapped = new Proxy(client, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
        const name = command.constructor.name;
        if (!WRITES.has(name)) return send(command);
        command.input.ReturnConsumedCapacity = 'TOTAL';
        const out = await send(command);
        const consumed = out.ConsumedCapacity as { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;
        const reported = [consumed ?? []].flat().reduce((n, c) => n + (c.CapacityUnits ?? 0), 0);
        units.reported += reported;
        units.estimated += reported > 0 ? reported : estimate(name, command.input);
        units.calls[name] = (units.calls[name] ?? 0) + 1;
        units.byCall[name] = (units.byCall[name] ?? 0) + (reported > 0 ? reported : estimate(name, command.input));
        return out;
      };
    },
  });
  return { client: wrapped, units, reset() { units.reported = 0; units.estimated = 0; units.calls = {}; units.byCall = {}; } };
}
