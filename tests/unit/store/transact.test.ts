import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DuplicateEmailError } from '../../../shared/domain/contacts/contact-errors.js';
import { transact } from '../../../shared/store/transact.js';
import { versionedUpdate } from '../../../shared/store/versioned-update.js';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const mock = mockClient(client);
const t = { client, table: 'T' };
const cancelled = (codes: string[], item?: Record<string, unknown>) => new TransactionCanceledException({
  message: 'cancelled', $metadata: {},
  CancellationReasons: codes.map((Code) => ({ Code, ...(Code === 'ConditionalCheckFailed' && item ? { Item: item } : {}) })) as never,
});
const items = [
  { action: { Put: { TableName: 'T', Item: { pk: 'a', sk: 'a' } } } },
  { action: { Put: { TableName: 'T', Item: { pk: 'b', sk: 'b' }, ConditionExpression: 'attribute_not_exists(pk)' } },
    onConditionFailed: (old: Record<string, unknown> | undefined) => new DuplicateEmailError('x@y.example', String(old?.contactId)) },
];

describe('transact', () => {
  afterEach(() => mock.reset());

  it('turns a failed uniqueness condition into the item\'s domain error with the existing id', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled(['None', 'ConditionalCheckFailed'], { contactId: { S: 'C-OLD' } }));

    await expect(transact(t, items)).rejects.toMatchObject({ code: 'duplicate-email', extra: { existingId: 'C-OLD' } });
  });

  it('retries a transaction conflict and then succeeds', async () => {
    mock.on(TransactWriteCommand).rejectsOnce(cancelled(['TransactionConflict', 'None'])).resolves({});

    await transact(t, items);

    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('asks for the old item on every conditional action', async () => {
    mock.on(TransactWriteCommand).resolves({});

    await transact(t, items);

    const sent = mock.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems;
    expect(sent?.[1]?.Put?.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
    expect(sent?.[0]?.Put?.ReturnValuesOnConditionCheckFailure).toBeUndefined();
  });
});

describe('versionedUpdate', () => {
  it('sets every field but the keys, removes cleared ones and checks the version', () => {
    const action = versionedUpdate({ pk: 'p', sk: 's' }, { pk: 'p', sk: 's', name: 'A', level: undefined, version: 3 }, 2, ['level']);

    expect(action.Update).toMatchObject({
      UpdateExpression: 'SET #f0 = :f0, #f1 = :f1 REMOVE #r0',
      ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
      ExpressionAttributeNames: { '#f0': 'name', '#f1': 'version', '#r0': 'level', '#version': 'version' },
      ExpressionAttributeValues: { ':f0': 'A', ':f1': 3, ':expected': 2 },
    });
  });
});
