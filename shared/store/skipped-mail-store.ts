import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SkippedMail, SkippedMailStore } from '../domain/rules/skipped-mail.js';
import type { TableRef } from './dynamo.js';
import { skippedMailKey } from './keys.js';
import { isConditionFailure } from './transact.js';

const fromItem = ({ pk: _p, sk: _s, entity: _e, v: _v, ...rest }: Record<string, unknown>) => rest as unknown as SkippedMail;

/** Skipped mail records on DynamoDB: one item per mail, in its reason's partition. */
export const createSkippedMailStore = (t: TableRef): SkippedMailStore => ({
  async recordSkipped(spaceId, mail) {
    await t.client.send(new PutCommand({ TableName: t.table, Item: { ...skippedMailKey(spaceId, mail.reason, mail.id), entity: 'skipped-mail', v: 1, ...mail } }));
  },
  async listSkipped(spaceId, reason, limit, after) {
    const { pk } = skippedMailKey(spaceId, reason, '');
    const out = await t.client.send(new QueryCommand({
      TableName: t.table, KeyConditionExpression: after ? 'pk = :p AND sk > :a' : 'pk = :p',
      ExpressionAttributeValues: { ':p': pk, ...(after ? { ':a': after } : {}) }, Limit: limit, ConsistentRead: true,
    }));
    return (out.Items ?? []).map(fromItem);
  },
  async forgetSkipped(spaceId, mail) {
    try {
      await t.client.send(new DeleteCommand({
        TableName: t.table, Key: skippedMailKey(spaceId, mail.reason, mail.id),
        ConditionExpression: 'skippedAt = :at', ExpressionAttributeValues: { ':at': mail.skippedAt },
      }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  },
});
