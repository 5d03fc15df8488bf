import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { RelatedItemMover } from '../domain/contacts/merge-ports.js';
import type { FieldEntity, FieldSpec, FieldValues } from '../domain/custom-fields/field-definition.js';
import { holdsEntry, type FieldCondition, type IndexEntry } from '../domain/custom-fields/field-index.js';
import type { FieldIndexStore } from '../domain/custom-fields/ports.js';
import { batchWrite } from './batch.js';
import { defaultTable, type TableRef } from './dynamo.js';
import { companyKey, contactKey, fieldIndexKey, fieldIndexPartition, fieldOwnerIndex, fieldOwnerPartition, type Key } from './keys.js';
import { onTable, transact, type TxItem } from './transact.js';
import type { PageSpec } from './page-through.js';

type Item = Record<string, unknown>;

const entryItem = (spaceId: string, entity: string, recordId: string, e: IndexEntry): Item => ({
  ...fieldIndexKey(spaceId, e.fieldId, e.enc, recordId), ...fieldOwnerIndex(spaceId, entity, recordId, e.fieldId, e.enc),
  entity: 'field-index', v: 1, recordEntity: entity, recordId, fieldId: e.fieldId, enc: e.enc,
});

/** Filter index entries on the single table (see field-index.ts); puts and deletes are idempotent. */
export function createFieldIndexStore(t: TableRef = defaultTable()): FieldIndexStore {
  return {
    putEntries: (spaceId, entity, recordId, entries) => batchWrite(t, entries.map((e) => entryItem(spaceId, entity, recordId, e))),
    async deleteEntries(spaceId, entity, recordId, entries, version) {
      const record = entity === 'contact' ? contactKey(spaceId, recordId) : companyKey(spaceId, recordId);
      for (let i = 0; i < entries.length; i += 99) {
        const deletes = entries.slice(i, i + 99).map((e): TxItem => ({ action: { Delete: { TableName: '', Key: fieldIndexKey(spaceId, e.fieldId, e.enc, recordId) } } }));
        try {
          await transact(t, onTable(t.table, [
            { action: { ConditionCheck: { TableName: '', Key: record, ConditionExpression: '#v = :v', ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': version } } } },
            ...deletes,
          ]));
        } catch (err) {
          if ((err as { code?: string }).code !== 'conflict') throw err;
          return; // a later write owns the index now
        }
      }
    },
  };
}

/** The key condition of a field filter on the field's partition. */
export function fieldFilterQuery(spaceId: string, fieldId: string, c: FieldCondition): PageSpec<never>['query'] {
  const p = { ':p': fieldIndexPartition(spaceId, fieldId) };
  if (c.kind === 'prefix') return { KeyConditionExpression: 'pk = :p AND begins_with(sk, :x)', ExpressionAttributeValues: { ...p, ':x': c.prefix } };
  if (c.from !== undefined && c.to !== undefined) {
    return { KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to', ExpressionAttributeValues: { ...p, ':from': c.from, ':to': c.to } };
  }
  if (c.from !== undefined) return { KeyConditionExpression: 'pk = :p AND sk >= :from', ExpressionAttributeValues: { ...p, ':from': c.from } };
  if (c.to !== undefined) return { KeyConditionExpression: 'pk = :p AND sk <= :to', ExpressionAttributeValues: { ...p, ':to': c.to } };
  return { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: p };
}

/**
 * A page spec over a field's index entries: records are fetched by id and an entry counts only
 * while the record still holds that value, so an entry left behind by a crash or a merge is skipped.
 */
export function fieldFilterSpec<T extends { id: string; customFields: FieldValues }>(
  spaceId: string, spec: FieldSpec, c: FieldCondition, base: { limit: number; startKey?: Record<string, unknown> },
  hydrate: (ids: string[]) => Promise<(T | undefined)[]>, accept: (record: T) => boolean,
): PageSpec<T> {
  return {
    ...base, keyAttributes: ['pk', 'sk'], query: fieldFilterQuery(spaceId, spec.id, c),
    hydrate: (items) => hydrate(items.map((i) => String(i.recordId))),
    accept: (record, item) => record.id === item.recordId && holdsEntry(spec, record.customFields, String(item.enc)) && accept(record),
  };
}

/**
 * A merged record's index entries move to the master (put under the master's id, then removed),
 * so the master is found by every value it may have taken over. Entries for values the master does
 * not end up with are skipped on read, like any stale entry.
 */
export const fieldIndexMover = (t: TableRef, entity: FieldEntity): RelatedItemMover => {
  const owned = (s: string, id: string, limit?: number) => ({
    TableName: t.table, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p',
    ExpressionAttributeValues: { ':p': fieldOwnerPartition(s, entity, id) }, ...(limit ? { Limit: limit } : {}),
  });
  return {
    name: `${entity}-field-index`,
    async count(s, from) {
      let n = 0;
      let startKey: Item | undefined;
      do {
        const out = await t.client.send(new QueryCommand({ ...owned(s, from), Select: 'COUNT', ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
        n += out.Count ?? 0;
        startKey = out.LastEvaluatedKey;
      } while (startKey);
      return n;
    },
    async moveBatch(s, from, to, max) {
      const out = await t.client.send(new QueryCommand(owned(s, from, Math.max(1, Math.floor(max / 2)))));
      const entries = (out.Items ?? []).map((i) => ({ fieldId: String(i.fieldId), enc: String(i.enc) }));
      if (entries.length === 0) return 0;
      await batchWrite(t, entries.map((e) => entryItem(s, entity, to, e)));
      await batchWrite(t, [], entries.map((e): Key => fieldIndexKey(s, e.fieldId, e.enc, from)));
      return entries.length;
    },
  };
};
