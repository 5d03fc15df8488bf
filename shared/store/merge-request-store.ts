import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { MergeRequest, MergeRequestStatus, MergeRequestStore } from '../domain/merge-requests/merge-request.js';
import { putAudit } from './audit-store.js';
import { batchGet } from './batch.js';
import type { TableRef } from './dynamo.js';
import { mergeRequestKey, mergeRequestStatusIndex } from './keys.js';
import { pageThrough, type Page } from './page-through.js';
import { isConditionFailure, itemDoesNotExist, onTable, transact } from './transact.js';

type Item = Record<string, unknown>;
/** `entity` marks the item type in the table, so the request's own entity is stored as `mergeEntity`. */
const item = (r: MergeRequest): Item => {
  const { entity: mergeEntity, ...rest } = r;
  return { ...mergeRequestKey(r.spaceId, r.id), ...mergeRequestStatusIndex(r.spaceId, r.status, r.createdAt, r.id), ...rest, mergeEntity, entity: 'merge-request', v: 1 };
};
const fromItem = (i: Item): MergeRequest => {
  const { pk: _p, sk: _s, gsi1pk: _a, gsi1sk: _b, entity: _e, v: _v, mergeEntity, ...rest } = i;
  return { ...(rest as unknown as MergeRequest), entity: mergeEntity as MergeRequest['entity'] };
};

/** Merge requests in DynamoDB (access-patterns.md "merge request ..."). */
export function createMergeRequestStore(t: TableRef): MergeRequestStore & { list(spaceId: string, status: MergeRequestStatus, limit: number, startKey?: Item): Promise<Page<MergeRequest>> } {
  return {
    async get(spaceId, id) {
      const out = await t.client.send(new GetCommand({ TableName: t.table, Key: mergeRequestKey(spaceId, id), ConsistentRead: true }));
      return out.Item ? fromItem(out.Item) : undefined;
    },
    async create(r, audit) {
      await transact(t, onTable(t.table, [{ action: { Put: { TableName: '', Item: item(r), ConditionExpression: itemDoesNotExist } } }, putAudit(audit)]));
    },
    async decide(r, to, fields, audit) {
      let lost = false;
      try {
        await transact(t, onTable(t.table, [
          { action: { Put: { TableName: '', Item: item({ ...r, ...fields, status: to }), ConditionExpression: '#s = :pending', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':pending': 'pending' } } },
            onConditionFailed: () => { lost = true; return new Error('decided'); } },
          putAudit(audit),
        ]));
        return true;
      } catch (err) {
        if (lost || isConditionFailure(err)) return false;
        throw err;
      }
    },
    list: (spaceId, status, limit, startKey) => pageThrough(t, {
      query: { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': mergeRequestStatusIndex(spaceId, status, '', '').gsi1pk }, ScanIndexForward: false },
      keyAttributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'], limit, ...(startKey ? { startKey } : {}),
      hydrate: async (items) => (await batchGet(t, items.map((i) => mergeRequestKey(spaceId, String(i.id))))).map((i) => (i ? fromItem(i) : undefined)),
      accept: (r) => r.status === status,
    }),
  };
}
