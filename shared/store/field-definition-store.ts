import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../domain/audit/audit-entry.js';
import { NotFoundError, VersionMismatchError } from '../domain/errors.js';
import { FIELD_LIMITS, type FieldDefinition, type FieldEntity } from '../domain/custom-fields/field-definition.js';
import { DuplicateFieldKeyError, FieldLimitError } from '../domain/custom-fields/field-errors.js';
import type { FieldDefinitionStore } from '../domain/custom-fields/ports.js';
import { putAudit } from './audit-store.js';
import { defaultTable, type TableRef } from './dynamo.js';
import { fieldCountKey, fieldDefinitionKey, fieldDefinitionsPartition, fieldKeyReservationKey } from './keys.js';
import { itemDoesNotExist, onTable, transact, type TxItem } from './transact.js';
import { versionedUpdate } from './versioned-update.js';

type Item = Record<string, unknown>;
const KEY_ATTRS = new Set(['pk', 'sk', 'entity', 'v', 'fieldEntity']);

const definitionItem = (d: FieldDefinition): Item => ({ ...fieldDefinitionKey(d.spaceId, d.id), ...d, entity: 'custom-field', v: 1, fieldEntity: d.entity });
const fromItem = (item: Item): FieldDefinition =>
  ({ ...Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRS.has(k))), entity: item.fieldEntity }) as unknown as FieldDefinition;

const reserveKey = (d: FieldDefinition): TxItem => ({
  action: { Put: { TableName: '', Item: { ...fieldKeyReservationKey(d.spaceId, d.entity, d.key), entity: 'custom-field-key', v: 1, fieldId: d.id }, ConditionExpression: itemDoesNotExist } },
  onConditionFailed: (old) => new DuplicateFieldKeyError(d.key, String(old?.fieldId ?? '')),
});
const releaseKey = (d: FieldDefinition): TxItem => ({
  action: { Delete: { TableName: '', Key: fieldKeyReservationKey(d.spaceId, d.entity, d.key), ConditionExpression: 'fieldId = :me', ExpressionAttributeValues: { ':me': d.id } } },
});

/** Counts one more (or one fewer) active field, refusing to pass the limits. */
const count = (d: FieldDefinition, delta: 1 | -1): TxItem => {
  const f = d.filterable ? delta : 0;
  const limit = delta > 0
    ? `(attribute_not_exists(active) OR active < :maxA)${f ? ' AND (attribute_not_exists(filterable) OR filterable < :maxF)' : ''}`
    : undefined;
  return {
    action: { Update: {
      TableName: '', Key: fieldCountKey(d.spaceId, d.entity), UpdateExpression: 'ADD active :a, filterable :f',
      ExpressionAttributeValues: { ':a': delta, ':f': f, ...(limit ? { ':maxA': FIELD_LIMITS.activePerEntity, ...(f ? { ':maxF': FIELD_LIMITS.filterablePerEntity } : {}) } : {}) },
      ...(limit ? { ConditionExpression: limit } : {}),
    } },
    onConditionFailed: (old) => Number(old?.active ?? 0) >= FIELD_LIMITS.activePerEntity
      ? new FieldLimitError(d.entity, 'active', FIELD_LIMITS.activePerEntity)
      : new FieldLimitError(d.entity, 'filterable', FIELD_LIMITS.filterablePerEntity),
  };
};

/** Definitions on the single table: one partition per Space with ids, key reservations and counts. */
export function createFieldDefinitionStore(t: TableRef = defaultTable()): FieldDefinitionStore {
  return {
    async listDefinitions(spaceId: string, entity: FieldEntity) {
      const out: FieldDefinition[] = [];
      let startKey: Item | undefined;
      do {
        const page = await t.client.send(new QueryCommand({
          TableName: t.table, ConsistentRead: true, KeyConditionExpression: 'pk = :p AND begins_with(sk, :f)',
          ExpressionAttributeValues: { ':p': fieldDefinitionsPartition(spaceId), ':f': 'field#' }, ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }));
        out.push(...(page.Items ?? []).map(fromItem));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return out.filter((d) => d.entity === entity);
    },
    async getDefinition(spaceId, id) {
      const out = await t.client.send(new GetCommand({ TableName: t.table, Key: fieldDefinitionKey(spaceId, id), ConsistentRead: true }));
      return out.Item ? fromItem(out.Item) : undefined;
    },
    async createDefinition(d, audit) {
      await transact(t, onTable(t.table, [
        { action: { Put: { TableName: '', Item: definitionItem(d), ConditionExpression: itemDoesNotExist } } },
        reserveKey(d), count(d, 1), putAudit(audit),
      ]));
    },
    async saveDefinition(before: FieldDefinition, after: FieldDefinition, audit: AuditEntry) {
      const wasActive = before.status === 'active';
      const isActive = after.status === 'active';
      const keyMoves = wasActive && isActive && before.key !== after.key;
      await transact(t, onTable(t.table, [
        {
          action: versionedUpdate(fieldDefinitionKey(after.spaceId, after.id), definitionItem(after), before.version, ['description']),
          onConditionFailed: (old) => (old ? new VersionMismatchError(Number(old.version)) : new NotFoundError('custom-field')),
        },
        ...(keyMoves || (wasActive && !isActive) ? [releaseKey(before)] : []),
        ...(keyMoves || (!wasActive && isActive) ? [reserveKey(after)] : []),
        ...(wasActive !== isActive ? [count(after, isActive ? 1 : -1)] : []),
        putAudit(audit),
      ]));
    },
  };
}
