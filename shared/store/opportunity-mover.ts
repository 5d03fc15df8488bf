import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { RelatedItemMover } from '../domain/contacts/merge-ports.js';
import { batchGet } from './batch.js';
import type { TableRef } from './dynamo.js';
import { opportunityContactKey, relatedPartition } from './keys.js';
import { onTable, transact, type TxItem } from './transact.js';

type Item = Record<string, unknown>;

/**
 * A merged contact's opportunity links move to the master: each link is re-keyed to the master
 * (same place in the deal's contact list) unless the deal already has the master, and then only
 * removed, so no deal lists a contact twice. Runs before the generic hook, which would otherwise
 * repoint the links under their old keys.
 */
export const opportunityContactMover = (t: TableRef): RelatedItemMover => {
  const links = (s: string, id: string, limit?: number) => t.client.send(new QueryCommand({
    TableName: t.table, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p AND begins_with(gsi2sk, :o)',
    ExpressionAttributeValues: { ':p': relatedPartition(s, 'contact', id), ':o': 'opportunity#' }, ...(limit ? { Limit: limit } : {}),
  }));
  return {
    name: 'opportunity-contacts',
    count: async (s, from) => ((await links(s, from)).Items ?? []).filter((i) => String(i.sk).startsWith('contact#')).length,
    async moveBatch(s, from, to, max) {
      const items = ((await links(s, from, Math.max(1, Math.floor(max / 2)))).Items ?? []).filter((i) => String(i.sk).startsWith('contact#')) as Item[];
      if (items.length === 0) return 0;
      const existing = await batchGet(t, items.map((i) => opportunityContactKey(s, String(i.opportunityId), to)));
      const actions = items.flatMap((i, n): TxItem[] => [
        { action: { Delete: { TableName: '', Key: { pk: i.pk, sk: i.sk } } } },
        ...(existing[n] ? [] : [{ action: { Put: { TableName: '', Item: {
          ...i, ...opportunityContactKey(s, String(i.opportunityId), to), gsi2pk: relatedPartition(s, 'contact', to), contactId: to,
        } } } }]),
      ]);
      await transact(t, onTable(t.table, actions));
      return items.length;
    },
  };
};
