import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../domain/audit/audit-entry.js';
import { VersionMismatchError } from '../domain/errors.js';
import { DEFAULT_MAIL_RULES, readStoredMailRules, type MailRules } from '../domain/rules/mail-rules.js';
import { auditItem } from './audit-store.js';
import { defaultTable, type TableRef } from './dynamo.js';
import type { VersionedSignature } from '../domain/threads/mail-signature.js';
import { mailRulesKey, mailSignatureKey, type Key } from './keys.js';
import { transact, type TxItem } from './transact.js';

export interface VersionedRules {
  readonly rules: MailRules;
  /** 0 until the Space saves its first rules. */
  readonly version: number;
}

/** A Space's settings records (one item each in the Space partition). */
export function createSettingsStore(t: TableRef = defaultTable()) {
  return {
    /** The Space's mail rules, or the defaults when it has none yet. */
    async getMailRules(spaceId: string): Promise<VersionedRules> {
      const out = await t.client.send(new GetCommand({ TableName: t.table, Key: mailRulesKey(spaceId), ConsistentRead: true }));
      if (!out.Item) return { rules: DEFAULT_MAIL_RULES, version: 0 };
      return { rules: readStoredMailRules(out.Item.rules), version: Number(out.Item.version) };
    },

    /**
     * Replaces the rules if nobody saved since `expectedVersion`, with an audit row in the same transaction.
     * @throws VersionMismatchError when the stored version differs.
     */
    async putMailRules(actor: Actor & { at: string; auditId: string }, rules: MailRules, expectedVersion: number): Promise<VersionedRules> {
      const current = await this.getMailRules(actor.spaceId);
      const version = await putSetting(t, actor, expectedVersion, {
        key: mailRulesKey(actor.spaceId), entity: 'mail-rules', fields: { rules }, changes: { rules: { old: current.rules, new: rules } },
      });
      return { rules, version };
    },

    /** The signature under mail sent from the record; empty (version 0) until an admin saves one. */
    async getMailSignature(spaceId: string): Promise<VersionedSignature> {
      const out = await t.client.send(new GetCommand({ TableName: t.table, Key: mailSignatureKey(spaceId), ConsistentRead: true }));
      return out.Item ? { text: String(out.Item.text ?? ''), version: Number(out.Item.version) } : { text: '', version: 0 };
    },

    /**
     * Replaces the signature if nobody saved since `expectedVersion`, with an audit row in the same transaction.
     * @throws VersionMismatchError when the stored version differs.
     */
    async putMailSignature(actor: Actor & { at: string; auditId: string }, text: string, expectedVersion: number): Promise<VersionedSignature> {
      const current = await this.getMailSignature(actor.spaceId);
      const version = await putSetting(t, actor, expectedVersion, {
        key: mailSignatureKey(actor.spaceId), entity: 'mail-signature', fields: { text }, changes: { text: { old: current.text, new: text } },
      });
      return { text, version };
    },
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;

/**
 * One Space setting item replaced if nobody saved since `expectedVersion`, with its audit row
 * (entity `settings`, id = the item's entity) and any `alongside` writes in the same transaction;
 * resolves the new version.
 * @throws VersionMismatchError when the stored version differs.
 */
export async function putSetting(
  t: TableRef, actor: Actor & { at: string; auditId: string }, expectedVersion: number,
  item: { key: Key; entity: string; fields: Record<string, unknown>; changes: Record<string, { old: unknown; new: unknown }> },
  alongside: readonly TxItem[] = [],
): Promise<number> {
  const version = expectedVersion + 1;
  const condition = expectedVersion === 0
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } };
  await transact(t, [
    {
      action: { Put: { TableName: t.table, Item: { ...item.key, entity: item.entity, v: 1, version, ...item.fields, updatedAt: actor.at, updatedBy: actor.userId }, ...condition } },
      onConditionFailed: (old) => new VersionMismatchError(Number(old?.version ?? 0)),
    },
    {
      action: { Put: { TableName: t.table, Item: auditItem({
        id: actor.auditId, spaceId: actor.spaceId, entity: 'settings', entityId: item.entity, action: 'update',
        userId: actor.userId, requestId: actor.requestId, at: actor.at, changes: item.changes,
      }) } },
    },
    ...alongside,
  ]);
  return version;
}
