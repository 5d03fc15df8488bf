import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const tableOf = (input: Record<string, unknown>) =>
  ((input.TransactItems ?? []) as Record<string, { TableName?: string }>[]).map((i) => Object.values(i)[0]?.TableName).find(Boolean);

const WRITES = new Set(['PutCommand', 'UpdateCommand', 'DeleteCommand', 'BatchWriteCommand', 'TransactWriteCommand']);
type Units = { reported: number; estimated: number; calls: Record<string, number>; byCall: Record<string, number>; byItem: Record<string, number> };
type Written = { kind: string; key: Record<string, unknown>; item?: Record<string, unknown>; values?: Record<string, unknown> };

/** Billing rule: 1 WCU per started KB of the item (an update: of the item as it is after the write). */
const kb = (v: unknown) => Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(v ?? {}, (_k, x) => (x instanceof Set ? [...x] : x))) / 1024));

/** What an item is, for the per-item table: its entity, else the shape of its sort key (ids and dates dropped). */
function itemName(w: Written): string {
  const entity = w.item?.entity ?? w.values?.[':entity'] ?? w.values?.[':e'];
  const sk = String(w.key.sk ?? '');
  const pk = String(w.key.pk ?? '');
  const skHead = sk.split('#')[0] ?? '';
  // Index items removed by key carry no entity: name them by their index, not by the token or facet in the key.
  const index = /#itok#/.test(pk) ? 'inbox-token' : /#inbox#/.test(pk) ? 'inbox-facet' : undefined;
  const named = typeof entity === 'string' ? entity : index ?? `${pk.split('#').filter((_s, i) => i % 2 === 0).slice(1).join('/') || '?'}:${/^\d/.test(skHead) ? 'date' : skHead}`;
  return `${w.kind === 'Put' ? '' : `${w.kind.toLowerCase()} `}${named}`;
}

/** The items one write call touches, with how many units each is estimated at (2× inside a transaction). */
function writtenItems(name: string, input: Record<string, unknown>): { w: Written; units: number; factor: number }[] {
  const one = (kind: string, body: Record<string, unknown>, factor: number) => {
    const item = body.Item as Record<string, unknown> | undefined;
    const key = (item ?? body.Key ?? {}) as Record<string, unknown>;
    const values = body.ExpressionAttributeValues as Record<string, unknown> | undefined;
    const size = kind === 'Put' ? kb(item) : kind === 'Update' ? kb({ ...key, ...values }) : kb(key);
    return { w: { kind, key, item, values }, units: factor * size, factor };
  };
  if (name === 'PutCommand') return [one('Put', input, 1)];
  if (name === 'UpdateCommand') return [one('Update', input, 1)];
  if (name === 'DeleteCommand') return [one('Delete', input, 1)];
  if (name === 'BatchWriteCommand') {
    return Object.values(input.RequestItems as Record<string, { PutRequest?: { Item: Record<string, unknown> }; DeleteRequest?: { Key: Record<string, unknown> } }[]>)
      .flat().map((r) => (r.PutRequest ? one('Put', r.PutRequest, 1) : one('Delete', r.DeleteRequest!, 1)));
  }
  return ((input.TransactItems ?? []) as Record<string, Record<string, unknown>>[]).flatMap((i) => {
    const [kind, body] = Object.entries(i)[0] as [string, Record<string, unknown>];
    return kind === 'ConditionCheck' ? [] : [one(kind, body, 2)];
  });
}

/**
 * Wraps a document client so every write asks for ConsumedCapacity (TOTAL) and is counted: what
 * DynamoDB Local reported, an estimate by the billing rule (item size after the write, 2× inside a
 * transaction, plus the item's size again for each GSI it is in: gsi1 and gsi2 project ALL; a GSI
 * key that moves costs a delete there too, which this leaves out), and that estimate per kind of item written (`byItem`), as access-patterns.md
 * accounts for them. DynamoDB Local's own figures for transactions do not follow the item sizes (a
 * transaction with fewer and smaller items can report more), so the estimate is the one to compare.
 */
export function countingClient(client: DynamoDBDocumentClient): { client: DynamoDBDocumentClient; units: Units; reset(): void } {
  const units: Units = { reported: 0, estimated: 0, calls: {}, byCall: {}, byItem: {} };
  const send = client.send.bind(client) as (command: unknown) => Promise<Record<string, unknown>>;
  const wrapped = new Proxy(client, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
        const name = command.constructor.name;
        if (!WRITES.has(name)) return send(command);
        command.input.ReturnConsumedCapacity = 'TOTAL';
        const items = writtenItems(name, command.input);
        const out = await send(command);
        // An update is billed by the whole item it leaves, which only a read after it shows; each GSI
        // holding the item (ALL projection) is billed the item again (1× even in a transaction).
        const gsiUnits: { w: Written; units: number }[] = [];
        for (const i of items.filter((x) => x.w.kind !== 'Delete')) {
          let after = i.w.item;
          if (i.w.kind === 'Update') {
            const table = (command.input.TableName ?? tableOf(command.input)) as string;
            after = (await send(new GetCommand({ TableName: table, Key: { pk: i.w.key.pk, sk: i.w.key.sk } })).catch(() => undefined))?.Item as Record<string, unknown> | undefined;
            if (after) i.units = i.factor * kb(after);
          }
          const gsis = after ? ['gsi1pk', 'gsi2pk'].filter((g) => after![g] !== undefined).length : 0;
          if (gsis > 0) gsiUnits.push({ w: { ...i.w, kind: `${i.w.kind} GSI` }, units: gsis * kb(after) });
        }
        items.push(...gsiUnits.map((g) => ({ ...g, factor: 1 })));
        const consumed = out.ConsumedCapacity as { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;
        const reported = [consumed ?? []].flat().reduce((n, c) => n + (c.CapacityUnits ?? 0), 0);
        const estimated = items.reduce((n, i) => n + i.units, 0);
        units.reported += reported;
        units.estimated += estimated;
        units.calls[name] = (units.calls[name] ?? 0) + 1;
        units.byCall[name] = (units.byCall[name] ?? 0) + estimated;
        for (const i of items) units.byItem[itemName(i.w)] = (units.byItem[itemName(i.w)] ?? 0) + i.units;
        return out;
      };
    },
  });
  return { client: wrapped, units, reset() { units.reported = 0; units.estimated = 0; units.calls = {}; units.byCall = {}; units.byItem = {}; } };
}
