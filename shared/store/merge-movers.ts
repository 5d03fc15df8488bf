import { QueryCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Contact } from '../domain/contacts/contact.js';
import type { RelatedItemMover } from '../domain/contacts/merge-ports.js';
import { batchGet, batchWrite } from './batch.js';
import { contactFromItem, tokenDiff } from './contact-items.js';
import { activityMover } from './activity-mover.js';
import { fieldIndexMover } from './field-index-store.js';
import { opportunityContactMover } from './opportunity-mover.js';
import { statsMover } from './stats-mover.js';
import type { TableRef } from './dynamo.js';
import { companyDomainKey, companyKey, companyMemberKey, contactEmailKey, contactKey, relatedPartition, type Key } from './keys.js';
import { onTable, transact, type TxItem } from './transact.js';

type Item = Record<string, unknown>;

const countQuery = async (t: TableRef, query: Omit<QueryCommandInput, 'TableName'>): Promise<number> => {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await t.client.send(new QueryCommand({ ...query, TableName: t.table, Select: 'COUNT', ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
    count += out.Count ?? 0;
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return count;
};

/** Repoints reservation items (`attr` = from → to), in one transaction; skips ones already moved. */
const repoint = async (t: TableRef, keys: Key[], attr: string, from: string, to: string): Promise<number> => {
  const current = await batchGet(t, keys);
  const pending = keys.filter((_, i) => current[i]?.[attr] === from);
  await transact(t, onTable(t.table, pending.map((Key): TxItem => ({ action: { Update: {
    TableName: '', Key, UpdateExpression: 'SET #a = :to', ConditionExpression: '#a = :from',
    ExpressionAttributeNames: { '#a': attr }, ExpressionAttributeValues: { ':to': to, ':from': from },
  } } }))));
  return pending.length;
};

/** A contact's email reservations follow it to the master. */
export const contactEmailMover = (t: TableRef): RelatedItemMover => ({
  name: 'contact-emails',
  count: async (s, from) => (((await batchGet(t, [contactKey(s, from)]))[0]?.emails ?? []) as string[]).length,
  async moveBatch(s, from, to, max) {
    const item = (await batchGet(t, [contactKey(s, from)]))[0];
    const emails = ((item?.emails ?? []) as string[]).slice(0, max);
    return repoint(t, emails.map((e) => contactEmailKey(s, e)), 'contactId', from, to);
  },
});

/** A company's domain reservations follow it to the master. */
export const companyDomainMover = (t: TableRef): RelatedItemMover => ({
  name: 'company-domains',
  count: async (s, from) => (((await batchGet(t, [companyKey(s, from)]))[0]?.domains ?? []) as string[]).length,
  async moveBatch(s, from, to, max) {
    const domains = (((await batchGet(t, [companyKey(s, from)]))[0]?.domains ?? []) as string[]).slice(0, max);
    return repoint(t, domains.map((d) => companyDomainKey(s, d)), 'companyId', from, to);
  },
});

/** A merged company's contacts move to the master: membership item and the contact's companyId. */
export const companyMemberMover = (t: TableRef): RelatedItemMover => {
  const members = (s: string, id: string) => ({ KeyConditionExpression: 'pk = :p AND begins_with(sk, :c)', ExpressionAttributeValues: { ':p': companyKey(s, id).pk, ':c': 'contact#' } });
  return {
    name: 'company-contacts',
    count: (s, from) => countQuery(t, members(s, from)),
    async moveBatch(s, from, to, max) {
      const out = await t.client.send(new QueryCommand({ TableName: t.table, ...members(s, from), Limit: Math.floor(max / 3) }));
      const ids = (out.Items ?? []).map((i) => String(i.contactId));
      if (ids.length === 0) return 0;
      const master = (await batchGet(t, [companyKey(s, to)]))[0];
      const before = (await batchGet(t, ids.map((id) => contactKey(s, id)))).map((i) => (i ? contactFromItem(i) : undefined));
      const actions: TxItem[] = ids.flatMap((id) => [
        { action: { Delete: { TableName: '', Key: companyMemberKey(s, from, id) } } },
        { action: { Put: { TableName: '', Item: { ...companyMemberKey(s, to, id), entity: 'company-member', v: 1, contactId: id } } } },
        { action: { Update: { TableName: '', Key: contactKey(s, id), ConditionExpression: 'attribute_exists(pk)',
          UpdateExpression: 'SET companyId = :to, companyName = :name, version = version + :one',
          ExpressionAttributeValues: { ':to': to, ':name': String(master?.name ?? ''), ':one': 1 } } } },
      ]);
      await transact(t, onTable(t.table, actions));
      // Reindex the moved contacts under the master's name (search verifies tokens on read).
      const changed = before.filter((c): c is Contact => !!c).map((c) => tokenDiff(c, { ...c, companyId: to, companyName: String(master?.name ?? '') }));
      await batchWrite(t, changed.flatMap((d) => d.puts), changed.flatMap((d) => d.deletes));
      return ids.length;
    },
  };
};

/** Generic hook: items whose gsi2pk is relatedPartition(space, entity, id) follow the record. */
export const relatedItemMover = (t: TableRef, entity: 'contact' | 'company'): RelatedItemMover => {
  const partition = (s: string, id: string) => ({ IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': relatedPartition(s, entity, id) } });
  const moveOne = (s: string, item: Item, from: string, to: string): TxItem => ({ action: { Update: {
    TableName: '', Key: { pk: item.pk, sk: item.sk }, UpdateExpression: 'SET gsi2pk = :to, #owner = :toId', ConditionExpression: 'gsi2pk = :from',
    ExpressionAttributeNames: { '#owner': `${entity}Id` }, ExpressionAttributeValues: { ':to': relatedPartition(s, entity, to), ':toId': to, ':from': relatedPartition(s, entity, from) },
  } } });
  return {
    name: `${entity}-related`,
    count: (s, from) => countQuery(t, partition(s, from)),
    async moveBatch(s, from, to, max) {
      const out = await t.client.send(new QueryCommand({ TableName: t.table, ...partition(s, from), Limit: max }));
      const items = (out.Items ?? []) as Item[];
      if (items.length === 0) return 0;
      try {
        await transact(t, onTable(t.table, items.map((i) => moveOne(s, i, from, to))));
        return items.length;
      } catch (err) {
        if ((err as { code?: string }).code !== 'conflict') throw err;
        // The index lagged behind an earlier chunk: move the rest one by one (each is idempotent).
        let moved = 0;
        for (const i of items) {
          try {
            await t.client.send(new UpdateCommand({ ...(moveOne(s, i, from, to).action.Update as object), TableName: t.table } as ConstructorParameters<typeof UpdateCommand>[0]));
            moved++;
          } catch (e) {
            if (!(e instanceof ConditionalCheckFailedException)) throw e;
          }
        }
        return moved;
      }
    },
  };
};

/** Movers a contact merge runs, in order. Mail and order areas: add yours here. */
export const contactMovers = (t: TableRef): RelatedItemMover[] => [contactEmailMover(t), opportunityContactMover(t), relatedItemMover(t, 'contact'), activityMover(t, 'contact'), fieldIndexMover(t, 'contact'), statsMover(t, 'contact')];
/** Movers a company merge runs, in order. */
export const companyMovers = (t: TableRef): RelatedItemMover[] => [companyDomainMover(t), companyMemberMover(t), relatedItemMover(t, 'company'), activityMover(t, 'company'), fieldIndexMover(t, 'company'), statsMover(t, 'company')];
