import { BatchWriteCommand, DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LinkProvenance } from '../domain/threads/link-provenance.js';
import type { ActivityEntry, Page } from '../domain/threads/ports.js';
import type { TableRef } from './dynamo.js';
import { activityKey, activityPartition, addressMessageKey, addressPartition } from './keys.js';
import { queryFrom } from './page-through.js';

export type ActivityOwner = { readonly kind: 'contact' | 'company'; readonly id: string };
/** An owner to put an entry for, with why it is linked. */
export type LinkedOwner = ActivityOwner & { readonly provenance?: LinkProvenance };

const BATCH_WRITE_MAX = 25;

const toEntry = (item: Record<string, unknown>): ActivityEntry => {
  const { pk: _pk, sk: _sk, entity: _e, v: _v, ...rest } = item;
  return rest as unknown as ActivityEntry;
};

async function batchPut(t: TableRef, items: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH_WRITE_MAX) {
    let requests: { PutRequest: { Item: Record<string, unknown> } }[] | undefined =
      items.slice(i, i + BATCH_WRITE_MAX).map((Item) => ({ PutRequest: { Item } }));
    for (let round = 0; requests && requests.length > 0; round++) {
      if (round >= 8) throw new Error('DynamoDB left activity writes unprocessed');
      const out = await t.client.send(new BatchWriteCommand({ RequestItems: { [t.table]: requests } }));
      requests = out.UnprocessedItems?.[t.table] as typeof requests;
      if (requests?.length) await new Promise((r) => setTimeout(r, 20 * 2 ** round));
    }
  }
}

/** Activity timelines of contacts and companies, and the address → messages index (access-patterns.md). */
export const createActivityStore = (t: TableRef) => ({
  /** One entry per owner; puts are idempotent (same key for the same message and date). */
  async putActivities(spaceId: string, owners: readonly LinkedOwner[], entry: ActivityEntry): Promise<void> {
    await batchPut(t, owners.map((o) => ({
      ...activityKey(spaceId, o.kind, o.id, entry.date, entry.messageId), entity: 'activity', ...entry, ...(o.provenance ? { provenance: o.provenance } : {}),
    })));
  },

  /** A timeline, newest first. */
  async listActivity(spaceId: string, owner: ActivityOwner, limit: number, startKey?: Record<string, unknown>): Promise<Page<ActivityEntry>> {
    const out = await queryFrom(t, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': activityPartition(spaceId, owner.kind, owner.id) },
      ScanIndexForward: false, Limit: limit, ExclusiveStartKey: startKey,
    }, ['pk', 'sk']);
    return { items: (out.Items ?? []).map(toEntry), ...(out.LastEvaluatedKey ? { lastKey: out.LastEvaluatedKey } : {}) };
  },

  /** Takes a message off one owner's timeline (a staff unlink). */
  async deleteActivity(spaceId: string, owner: ActivityOwner, date: string, messageId: string): Promise<void> {
    await t.client.send(new DeleteCommand({ TableName: t.table, Key: activityKey(spaceId, owner.kind, owner.id, date, messageId) }));
  },

  /** Marks the message's entries as converted to an order. */
  async setActivityOrder(spaceId: string, owners: readonly ActivityOwner[], date: string, messageId: string, orderId: string): Promise<void> {
    await Promise.all(owners.map((o) => t.client.send(new UpdateCommand({
      TableName: t.table, Key: activityKey(spaceId, o.kind, o.id, date, messageId),
      UpdateExpression: 'SET orderId = :o', ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':o': orderId },
    })).catch(() => undefined)));
  },

  /** Remembers that these addresses appeared on the message, for linking contacts created later. */
  async putAddressMessages(spaceId: string, addresses: readonly string[], date: string, messageId: string): Promise<void> {
    await batchPut(t, addresses.map((a) => ({ ...addressMessageKey(spaceId, a, date, messageId), entity: 'address-message', messageId })));
  },

  /** Whether the message is in the address's index (the linker indexes only mail it could link). */
  async hasAddressMessage(spaceId: string, address: string, date: string, messageId: string): Promise<boolean> {
    const out = await t.client.send(new GetCommand({ TableName: t.table, Key: addressMessageKey(spaceId, address, date, messageId), ProjectionExpression: 'pk' }));
    return out.Item !== undefined;
  },

  /** Message ids an address appeared on, newest first, one page. */
  async listAddressMessages(spaceId: string, address: string, startKey?: Record<string, unknown>): Promise<Page<string>> {
    const out = await t.client.send(new QueryCommand({
      TableName: t.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': addressPartition(spaceId, address) },
      ScanIndexForward: false, Limit: 100, ExclusiveStartKey: startKey,
    }));
    return { items: (out.Items ?? []).map((i) => String(i.messageId)), ...(out.LastEvaluatedKey ? { lastKey: out.LastEvaluatedKey } : {}) };
  },
});

export type ActivityStore = ReturnType<typeof createActivityStore>;
