import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { batchWrite } from '../../../shared/store/batch.js';
import { coalescingTable } from '../../../shared/store/coalescing-table.js';
import type { TableRef } from '../../../shared/store/dynamo.js';
import { isConditionFailure } from '../../../shared/store/transact.js';
import { countedTable } from '../../support/counted-table.js';


describe('coalescingTable on DynamoDB Local', () => {
  it('answers 60 concurrent GetItem calls, found and missing, from one BatchGetItem call per group, as the table would', async () => {
    const { table, calls, forget } = countedTable();
    const pk = `space#c${randomUUID()}`;
    await batchWrite(table, Array.from({ length: 30 }, (_, i) => ({ pk, sk: `item#${i}`, n: i, note: `n${i}` })));
    const direct = await Promise.all(Array.from({ length: 40 }, (_, i) => table.client.send(new GetCommand({ TableName: table.table, Key: { pk, sk: `item#${i}` } }))));
    const directProjected = await Promise.all(Array.from({ length: 20 }, (_, i) => table.client.send(new GetCommand({
      TableName: table.table, Key: { pk, sk: `item#${i}` }, ConsistentRead: true, ProjectionExpression: '#n', ExpressionAttributeNames: { '#n': 'n' },
    }))));
    forget();
    const c = coalescingTable(table);

    const [plain, projected] = await Promise.all([
      Promise.all(Array.from({ length: 40 }, (_, i) => c.client.send(new GetCommand({ TableName: table.table, Key: { pk, sk: `item#${i}` } })))),
      Promise.all(Array.from({ length: 20 }, (_, i) => c.client.send(new GetCommand({
        TableName: table.table, Key: { pk, sk: `item#${i}` }, ConsistentRead: true, ProjectionExpression: '#n', ExpressionAttributeNames: { '#n': 'n' },
      })))),
    ]);

    console.log(`60 GetItem calls → ${JSON.stringify(calls)}`);
    expect(plain.map((o) => o.Item)).toEqual(direct.map((o) => o.Item));
    expect(projected.map((o) => o.Item)).toEqual(directProjected.map((o) => o.Item));
    expect(plain.filter((o) => o.Item === undefined)).toHaveLength(10);
    expect(calls).toEqual({ BatchGetCommand: 2 });
  });

  it('answers a projection that names a key attribute itself (directly or through a name) as the table would', async () => {
    const { table } = countedTable();
    const pk = `space#c${randomUUID()}`;
    await batchWrite(table, Array.from({ length: 3 }, (_, i) => ({ pk, sk: `item#${i}`, n: i })));
    const asks = [
      { ProjectionExpression: 'pk' },
      { ProjectionExpression: '#p, n', ExpressionAttributeNames: { '#p': 'pk' } },
      { ProjectionExpression: 'sk, n' },
    ];
    const get = (t: TableRef, i: number, ask: (typeof asks)[number]) => t.client.send(new GetCommand({ TableName: table.table, Key: { pk, sk: `item#${i}` }, ...ask }));
    const direct = await Promise.all(asks.flatMap((ask) => [0, 1, 2].map((i) => get(table, i, ask))));
    const c = coalescingTable(table);

    const coalesced = await Promise.all(asks.flatMap((ask) => [0, 1, 2].map((i) => get(c, i, ask))));

    expect(coalesced.map((o) => o.Item)).toEqual(direct.map((o) => o.Item));
  });

  it('writes 60 concurrent unconditional puts in BatchWriteItem calls of 25 and passes conditional writes through with their conditions', async () => {
    const { table, calls } = countedTable();
    const pk = `space#c${randomUUID()}`;
    const c = coalescingTable(table);

    await Promise.all(Array.from({ length: 60 }, (_, i) => c.client.send(new PutCommand({ TableName: table.table, Item: { pk, sk: `w#${i}`, n: i } }))));
    const conditional = await c.client.send(new PutCommand({
      TableName: table.table, Item: { pk, sk: 'w#0', n: -1 }, ConditionExpression: 'attribute_not_exists(pk)',
    })).then(() => 'written', (error: unknown) => (isConditionFailure(error) ? 'refused' : 'other error'));
    await c.client.send(new UpdateCommand({ TableName: table.table, Key: { pk, sk: 'w#1' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 100 } }));
    const read = await Promise.all(Array.from({ length: 60 }, (_, i) => table.client.send(new GetCommand({ TableName: table.table, Key: { pk, sk: `w#${i}` } }))));

    console.log(`60 unconditional puts, 1 conditional put, 1 update → ${JSON.stringify({ BatchWriteCommand: calls.BatchWriteCommand, PutCommand: calls.PutCommand, UpdateCommand: calls.UpdateCommand })}`);
    expect(calls.BatchWriteCommand).toBe(3);
    expect(calls.PutCommand).toBe(1);
    expect(conditional).toBe('refused');
    expect(read.map((o) => o.Item?.n)).toEqual(Array.from({ length: 60 }, (_, i) => (i === 1 ? 100 : i)));
  });
});
