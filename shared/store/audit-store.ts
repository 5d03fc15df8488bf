import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../domain/audit/audit-entry.js';
import { defaultTable, type TableRef } from './dynamo.js';
import { auditKey, auditPartition } from './keys.js';
import { queryFrom } from './page-through.js';
import { itemDoesNotExist, type TxItem } from './transact.js';

/** The audit row as an item: one partition per record, sorted by time. */
export const auditItem = (a: AuditEntry): Record<string, unknown> =>
  ({ ...auditKey(a.spaceId, a.entity, a.entityId, a.at, a.id), ...a, entity: 'audit', v: 1, auditedEntity: a.entity });

/** The transaction action that writes one audit row (never overwrites one). */
export const putAudit = (a: AuditEntry): TxItem =>
  ({ action: { Put: { TableName: '', Item: auditItem(a), ConditionExpression: itemDoesNotExist } } });

/** Writes one audit row alone, for actions made of several writes (never overwrites one). */
export async function writeAudit(t: TableRef, a: AuditEntry): Promise<void> {
  await t.client.send(new PutCommand({ TableName: t.table, Item: auditItem(a), ConditionExpression: itemDoesNotExist }));
}

export interface AuditPage {
  readonly items: AuditEntry[];
  readonly lastKey?: Record<string, unknown>;
}

/** Reads the audit trail of one record. */
export function createAuditStore(t: TableRef = defaultTable()) {
  return {
    /** Newest first, `limit` per page. */
    async listAudit(spaceId: string, entity: string, entityId: string, limit: number, startKey?: Record<string, unknown>): Promise<AuditPage> {
      const out = await queryFrom(t, {
        KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': auditPartition(spaceId, entity, entityId) },
        ScanIndexForward: false, Limit: limit, ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }, ['pk', 'sk']);
      const items = (out.Items ?? []).map(({ pk: _p, sk: _s, v: _v, auditedEntity, ...rest }) => ({ ...rest, entity: auditedEntity }) as unknown as AuditEntry);
      return { items, ...(out.LastEvaluatedKey ? { lastKey: out.LastEvaluatedKey } : {}) };
    },
  };
}
export type AuditStore = ReturnType<typeof createAuditStore>;
