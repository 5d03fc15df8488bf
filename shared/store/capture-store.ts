import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CaptureDecidedError, type Capture, type CaptureStore } from '../domain/contacts/capture.js';
import { NotFoundError } from '../domain/errors.js';
import { putAudit } from './audit-store.js';
import { defaultTable, type TableRef } from './dynamo.js';
import { captureKey, pendingCaptureIndex } from './keys.js';
import { isConditionFailure, itemDoesNotExist, onTable, transact } from './transact.js';

const KEY_ATTRS = new Set(['pk', 'sk', 'gsi2pk', 'gsi2sk', 'entity', 'v']);
const fromItem = (item: Record<string, unknown>): Capture =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRS.has(k))) as unknown as Capture;

/** Captures on the single table (access-patterns.md: capture by id, pending captures newest first). */
export function createCaptureStore(t: TableRef = defaultTable()): CaptureStore {
  return {
    async proposeCapture(c) {
      try {
        await t.client.send(new PutCommand({
          TableName: t.table, ConditionExpression: itemDoesNotExist,
          Item: { ...captureKey(c.spaceId, c.id), ...pendingCaptureIndex(c.spaceId, c.capturedAt, c.id), entity: 'capture', v: 1, ...c },
        }));
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async getCapture(spaceId, id) {
      const out = await t.client.send(new GetCommand({ TableName: t.table, Key: captureKey(spaceId, id), ConsistentRead: true }));
      return out.Item ? fromItem(out.Item) : undefined;
    },
    async listPendingCaptures(spaceId, limit, startKey) {
      const out = await t.client.send(new QueryCommand({
        TableName: t.table, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p', ScanIndexForward: false,
        ExpressionAttributeValues: { ':p': pendingCaptureIndex(spaceId, '', '').gsi2pk }, Limit: limit, ExclusiveStartKey: startKey,
      }));
      return { items: (out.Items ?? []).map(fromItem), ...(out.LastEvaluatedKey ? { lastKey: out.LastEvaluatedKey } : {}) };
    },
    async decideCapture(before, after, audit) {
      await transact(t, onTable(t.table, [
        {
          action: { Put: {
            TableName: '', Item: { ...captureKey(after.spaceId, after.id), entity: 'capture', v: 1, ...after },
            ConditionExpression: '#state = :pending', ExpressionAttributeNames: { '#state': 'state' }, ExpressionAttributeValues: { ':pending': 'pending' },
          } },
          onConditionFailed: (old) => (old ? new CaptureDecidedError(fromItem(old)) : new NotFoundError('capture', before.id)),
        },
        putAudit(audit),
      ]));
    },
  };
}
