import { randomUUID } from 'node:crypto';
import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { batchGet, batchWrite } from '../../../shared/store/batch.js';
import type { TableRef } from '../../../shared/store/dynamo.js';
import { prefetchedTable } from '../../../shared/store/prefetched-table.js';
import { countedTable } from '../../support/counted-table.js';


const get = (t: TableRef, pk: string, i: number, ask: Partial<GetCommand['input']> = {}) =>
  t.client.send(new GetCommand({ TableName: t.table, Key: { pk, sk: `item#${i}` }, ...ask }));

describe('prefetchedTable on DynamoDB Local', () => {
  it('reads 150 keys in two BatchGetItem calls and answers each first read, projected or not, as the table would', async () => {
    const { table, calls, forget } = countedTable();
    const pk = `space#p${randomUUID()}`;
    await batchWrite(table, Array.from({ length: 120 }, (_, i) => ({ pk, sk: `item#${i}`, n: i, tags: new Set([`t${i}`]), note: `n${i}` })));
    const direct = await Promise.all(Array.from({ length: 150 }, (_, i) => get(table, pk, i, i % 2 === 0 ? { ProjectionExpression: 'n, tags' } : {})));
    forget();

    const p = await prefetchedTable(table, Array.from({ length: 150 }, (_, i) => ({ pk, sk: `item#${i}` })));
    const answered = await Promise.all(Array.from({ length: 150 }, (_, i) => get(p, pk, i, i % 2 === 0 ? { ProjectionExpression: 'n, tags' } : {})));

    console.log(`150 prefetched keys, 150 first reads → ${JSON.stringify(calls)}`);
    expect(calls).toEqual({ BatchGetCommand: 2 });
    expect(answered.map((o) => o.Item)).toEqual(direct.map((o) => o.Item));
    expect(answered.filter((o) => o.Item === undefined)).toHaveLength(30);
  });

  it('sends a second read of a key to the table, so it sees what was written after the prefetch', async () => {
    const { table, calls, forget } = countedTable();
    const pk = `space#p${randomUUID()}`;
    await batchWrite(table, [{ pk, sk: 'item#0', n: 0 }]);
    const p = await prefetchedTable(table, [{ pk, sk: 'item#0' }, { pk, sk: 'item#1' }]);
    await table.client.send(new UpdateCommand({ TableName: table.table, Key: { pk, sk: 'item#0' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 1 } }));
    await table.client.send(new PutCommand({ TableName: table.table, Item: { pk, sk: 'item#1', n: 10 } }));
    forget();

    const first = [(await get(p, pk, 0)).Item?.n, (await get(p, pk, 1)).Item?.n];
    const second = [(await get(p, pk, 0, { ConsistentRead: true })).Item?.n, (await get(p, pk, 1, { ConsistentRead: true })).Item?.n];

    expect(first).toEqual([0, undefined]);
    expect(second).toEqual([1, 10]);
    expect(calls).toEqual({ GetCommand: 2 });
  });

  it('drops a key its own writes name, so a read after the write goes to the table', async () => {
    const { table } = countedTable();
    const pk = `space#p${randomUUID()}`;
    await batchWrite(table, [{ pk, sk: 'item#0', n: 0 }, { pk, sk: 'item#1', n: 1 }]);
    const p = await prefetchedTable(table, [{ pk, sk: 'item#0' }, { pk, sk: 'item#1' }, { pk, sk: 'item#2' }]);

    await p.client.send(new UpdateCommand({ TableName: p.table, Key: { pk, sk: 'item#0' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 5 } }));
    await batchWrite(p, [{ pk, sk: 'item#1', n: 6 }, { pk, sk: 'item#2', n: 7 }]);
    const read = await Promise.all([0, 1, 2].map(async (i) => (await get(p, pk, i, { ConsistentRead: true })).Item?.n));

    expect(read).toEqual([5, 6, 7]);
  });

  it('answers a BatchGetItem from what it holds and asks the table for the rest in one call', async () => {
    const { table, calls, forget } = countedTable();
    const pk = `space#p${randomUUID()}`;
    await batchWrite(table, Array.from({ length: 6 }, (_, i) => ({ pk, sk: `item#${i}`, id: `id${i}`, threadId: `t${i}`, other: 'x' })));
    const p = await prefetchedTable(table, [0, 1, 2].map((i) => ({ pk, sk: `item#${i}` })));
    forget();

    const out = await p.client.send(new BatchGetCommand({ RequestItems: { [p.table]: {
      Keys: [0, 1, 2, 3, 4, 9].map((i) => ({ pk, sk: `item#${i}` })), ProjectionExpression: 'id, threadId',
    } } }));
    const whole = await batchGet(p, [0, 1].map((i) => ({ pk, sk: `item#${i}` })));

    expect((out.Responses?.[p.table] ?? []).map((i) => `${String(i.id)}:${String(i.threadId)}:${Object.keys(i).length}`).sort())
      .toEqual(['id0:t0:2', 'id1:t1:2', 'id2:t2:2', 'id3:t3:2', 'id4:t4:2']);
    expect(whole.map((i) => i?.other)).toEqual(['x', 'x']);
    expect(calls).toEqual({ BatchGetCommand: 2 });
  });
});
