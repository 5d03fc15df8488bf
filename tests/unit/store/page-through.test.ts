import { describe, expect, it } from 'vitest';
import { InvalidCursorError } from '../../../shared/store/cursor.js';
import type { TableRef } from '../../../shared/store/dynamo.js';
import { queryFrom } from '../../../shared/store/page-through.js';

/** A table whose every request fails the way DynamoDB does, so only the outcome is observed. */
const failingWith = (name: string, message: string): TableRef =>
  ({ table: 't', client: { send: async () => { throw Object.assign(new Error(message), { name }); } } }) as unknown as TableRef;
const answering: TableRef = ({ table: 't', client: { send: async () => ({ Items: [{ pk: 'space#a', sk: '1' }] }) } }) as unknown as TableRef;

const query = { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'space#a' } };

describe('queryFrom', () => {
  it('refuses a start key that does not name exactly the key attributes of the index', async () => {
    const missing = queryFrom(answering, { ...query, ExclusiveStartKey: { pk: 'space#a' } }, ['pk', 'sk']);
    const extra = queryFrom(answering, { ...query, ExclusiveStartKey: { pk: 'space#a', sk: '1', gsi1pk: 'space#a' } }, ['pk', 'sk']);
    const otherIndex = queryFrom(answering, { ...query, ExclusiveStartKey: { pk: 'space#a', sk: '1', gsi2pk: 'x', gsi2sk: 'y' } }, ['pk', 'sk', 'gsi1pk', 'gsi1sk']);

    await expect(missing).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(extra).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(otherIndex).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it("reads DynamoDB's refusal of a start key as the caller's invalid cursor", async () => {
    const table = failingWith('ValidationException', 'The provided starting key does not match the range key predicate');

    await expect(queryFrom(table, { ...query, ExclusiveStartKey: { pk: 'space#a', sk: '1' } }, ['pk', 'sk'])).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('lets every other failure through as it is, so a server fault stays a 500', async () => {
    const invalidQuery = failingWith('ValidationException', 'Invalid KeyConditionExpression: Syntax error');
    const throttled = failingWith('ProvisionedThroughputExceededException', 'Rate of requests exceeds the allowed throughput');
    const noStartKey = failingWith('ValidationException', 'The provided starting key is invalid');

    await expect(queryFrom(invalidQuery, { ...query, ExclusiveStartKey: { pk: 'space#a', sk: '1' } }, ['pk', 'sk'])).rejects.toThrow(/Syntax error/);
    await expect(queryFrom(throttled, { ...query, ExclusiveStartKey: { pk: 'space#a', sk: '1' } }, ['pk', 'sk'])).rejects.toThrow(/throughput/);
    await expect(queryFrom(noStartKey, query, ['pk', 'sk'])).rejects.not.toBeInstanceOf(InvalidCursorError);
  });

  it('answers a start key that fits', async () => {
    const out = await queryFrom(answering, { ...query, ExclusiveStartKey: { sk: '0', pk: 'space#a' } }, ['pk', 'sk']);

    expect(out.Items).toEqual([{ pk: 'space#a', sk: '1' }]);
  });
});
