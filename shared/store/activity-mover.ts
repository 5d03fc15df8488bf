import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { RelatedItemMover } from '../domain/contacts/merge-ports.js';
import { batchGet } from './batch.js';
import type { TableRef } from './dynamo.js';
import { activityPartition, loggedActivityKey, messageKey, orderKey, threadKey } from './keys.js';
import { onTable, transact, type TxItem } from './transact.js';

type Item = Record<string, unknown>;
type Owner = 'contact' | 'company';

/** Per entry: put at the master, delete the original, fix the message and thread (or the activity or order). */
const ACTIONS_PER_ENTRY = 4;

const swap = (ids: Iterable<string>, from: string, to: string): string[] =>
  [...new Set([...ids].map((id) => (id === from ? to : id)))].sort();

/**
 * A merged contact's (company's) timeline follows it to the master: each entry (mail, logged
 * activity, order) is copied under the master's partition (same sort key, so a rerun overwrites the
 * same item) and the original deleted, in one transaction per batch. The message's and thread's
 * `contactIds` (`companyIds`) then name the master, so order drafting and conversion find it; so
 * do a logged activity's ids and an order's `contactId` (`companyId`). Rerunning a merge finds the
 * partition empty and moves nothing.
 */
export const activityMover = (t: TableRef, owner: Owner): RelatedItemMover => {
  const attr = owner === 'contact' ? 'contactIds' : 'companyIds';
  const single = owner === 'contact' ? 'contactId' : 'companyId';
  const page = async (s: string, from: string, limit?: number) => {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const out = await t.client.send(new QueryCommand({
        TableName: t.table, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': activityPartition(s, owner, from) },
        ...(limit ? { Limit: limit } : {}), ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }));
      items.push(...((out.Items ?? []) as Item[]));
      startKey = limit ? undefined : out.LastEvaluatedKey;
    } while (startKey);
    return items;
  };
  return {
    name: `${owner}-activity`,
    count: async (s, from) => (await page(s, from)).length,
    async moveBatch(s, from, to, max) {
      const entries = await page(s, from, Math.max(1, Math.floor(max / ACTIONS_PER_ENTRY)));
      if (entries.length === 0) return 0;
      const mail = entries.filter((e) => e.kind === undefined);
      const messageIds = [...new Set(mail.map((e) => String(e.messageId)))];
      const threadIds = [...new Set(mail.map((e) => String(e.threadId)))];
      const activityIds = [...new Set(entries.filter((e) => e.kind === 'activity').map((e) => String(e.activityId)))];
      const orderIds = [...new Set(entries.filter((e) => e.kind === 'order').map((e) => String(e.orderId)))];
      const messages = await batchGet(t, messageIds.map((id) => messageKey(s, id)));
      const threads = await batchGet(t, threadIds.map((id) => threadKey(s, id)));
      const activities = await batchGet(t, activityIds.map((id) => loggedActivityKey(s, id)));
      const orders = await batchGet(t, orderIds.map((id) => orderKey(s, id)));
      const relink = (key: { pk: string; sk: string }, current: unknown): TxItem[] => (current ? [{ action: { Update: {
        TableName: '', Key: key, UpdateExpression: 'SET #ids = :ids', ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#ids': attr },
        ExpressionAttributeValues: { ':ids': current instanceof Set ? new Set(swap(current as Set<string>, from, to)) : swap(current as string[], from, to) },
      } } }] : []);
      // A logged activity's version goes up, so an edit made from what it was before the merge gets 412.
      const relinkActivity = (id: string, item: Item | undefined): TxItem[] => (item ? [{ action: { Update: {
        TableName: '', Key: loggedActivityKey(s, id), UpdateExpression: 'SET #ids = :ids, version = version + :one',
        ConditionExpression: 'version = :v', ExpressionAttributeNames: { '#ids': attr },
        ExpressionAttributeValues: { ':ids': swap((item[attr] ?? []) as string[], from, to), ':one': 1, ':v': item.version },
      } } }] : []);
      const repointOrder = (id: string, item: Item | undefined): TxItem[] => (item?.[single] === from ? [{ action: { Update: {
        TableName: '', Key: orderKey(s, id), UpdateExpression: 'SET #id = :to', ConditionExpression: '#id = :from',
        ExpressionAttributeNames: { '#id': single }, ExpressionAttributeValues: { ':to': to, ':from': from },
      } } }] : []);
      const actions: TxItem[] = [
        ...entries.flatMap((e): TxItem[] => [
          { action: { Put: { TableName: '', Item: { ...e, pk: activityPartition(s, owner, to) } } } },
          { action: { Delete: { TableName: '', Key: { pk: e.pk, sk: e.sk } } } },
        ]),
        ...messageIds.flatMap((id, i) => relink(messageKey(s, id), messages[i]?.[attr])),
        ...threadIds.flatMap((id, i) => relink(threadKey(s, id), threads[i]?.[attr])),
        ...activityIds.flatMap((id, i) => relinkActivity(id, activities[i])),
        ...orderIds.flatMap((id, i) => repointOrder(id, orders[i])),
      ];
      await transact(t, onTable(t.table, actions));
      return entries.length;
    },
  };
};
