import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { SendRecord, SendRecordStore } from '../domain/threads/send-once.js';
import type { TableRef } from './dynamo.js';
import { sendRecordKey } from './keys.js';
import { isConditionFailure, itemDoesNotExist } from './transact.js';

const ENTITY = 'send-record';
const heldBy = 'attribute_exists(pk) AND #token = :token';

const strip = <T>(item: Record<string, unknown>): SendRecord<T> => {
  const { pk: _pk, sk: _sk, entity: _e, v: _v, expiresAt: _x, ...record } = item;
  return record as unknown as SendRecord<T>;
};

/** Conditional writes that lose a race are answered, not thrown: the caller decides what the loss means. */
async function conditional(t: TableRef, command: UpdateCommand | DeleteCommand): Promise<boolean> {
  try {
    await t.client.send(command as UpdateCommand);
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Keyed sends from the record, one item each in its own partition; TTL removes them after a day. */
export const createSendRecordStore = <T>(t: TableRef): SendRecordStore<T> => ({
  async claim(spaceId, record, expiresAt) {
    // A record released between our failed put and the read is claimed again.
    for (let round = 0; ; round++) {
      try {
        await t.client.send(new PutCommand({
          TableName: t.table, Item: { ...sendRecordKey(spaceId, record.id), entity: ENTITY, v: 1, expiresAt, ...record },
          ConditionExpression: itemDoesNotExist, ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }));
        return undefined;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const old = (error as { Item?: Parameters<typeof unmarshall>[0] }).Item;
        if (old) return strip<T>(unmarshall(old));
        const read = await t.client.send(new GetCommand({ TableName: t.table, Key: sendRecordKey(spaceId, record.id), ConsistentRead: true }));
        if (read.Item) return strip<T>(read.Item);
        if (round >= 2) throw error;
      }
    }
  },

  takeOver: (spaceId, id, state, staleToken, token, claimedAt) => conditional(t, new UpdateCommand({
    TableName: t.table, Key: sendRecordKey(spaceId, id),
    UpdateExpression: 'SET #token = :new, claimedAt = :at',
    ConditionExpression: `${heldBy} AND #state = :state`,
    ExpressionAttributeNames: { '#token': 'token', '#state': 'state' },
    ExpressionAttributeValues: { ':token': staleToken, ':new': token, ':at': claimedAt, ':state': state },
  })),

  async recordSent(spaceId, id, token, result) {
    await t.client.send(new UpdateCommand({
      TableName: t.table, Key: sendRecordKey(spaceId, id),
      UpdateExpression: 'SET #state = :sent, #result = :result', ConditionExpression: heldBy,
      ExpressionAttributeNames: { '#token': 'token', '#state': 'state', '#result': 'result' },
      ExpressionAttributeValues: { ':token': token, ':sent': 'sent', ':result': result },
    }));
  },

  async letGo(spaceId, id, token) {
    await conditional(t, new UpdateCommand({
      TableName: t.table, Key: sendRecordKey(spaceId, id), UpdateExpression: 'SET #token = :none', ConditionExpression: heldBy,
      ExpressionAttributeNames: { '#token': 'token' }, ExpressionAttributeValues: { ':token': token, ':none': '' },
    }));
  },

  async markDone(spaceId, id) {
    await t.client.send(new UpdateCommand({
      TableName: t.table, Key: sendRecordKey(spaceId, id), UpdateExpression: 'SET #state = :done',
      ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeNames: { '#state': 'state' }, ExpressionAttributeValues: { ':done': 'done' },
    }));
  },

  async release(spaceId, id, token) {
    await conditional(t, new DeleteCommand({
      TableName: t.table, Key: sendRecordKey(spaceId, id), ConditionExpression: heldBy,
      ExpressionAttributeNames: { '#token': 'token' }, ExpressionAttributeValues: { ':token': token },
    }));
  },
});
