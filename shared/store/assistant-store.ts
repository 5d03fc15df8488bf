import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../domain/audit/audit-entry.js';
import { AssistantQuotaError } from '../domain/assistant/assistant-errors.js';
import type { AssistantAccount, AssistantSettings, MonthUsage } from '../domain/assistant/ports.js';
import { VersionMismatchError } from '../domain/errors.js';
import { auditItem } from './audit-store.js';
import { defaultTable, type TableRef } from './dynamo.js';
import { assistantSettingsKey, assistantUsageKey } from './keys.js';
import { isConditionFailure, transact } from './transact.js';

/** Seconds from `now` to the start of the next UTC month. */
const untilNextMonth = (now: Date) => Math.max(1, Math.ceil((Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) - now.getTime()) / 1000));

/** The assistant's settings and token meter, in the Space partition (access-patterns.md). */
export function createAssistantStore(t: TableRef = defaultTable(), now: () => Date = () => new Date()): AssistantAccount & {
  putSettings(actor: Actor & { at: string; auditId: string }, next: Omit<AssistantSettings, 'version'>, expectedVersion: number): Promise<AssistantSettings>;
} {
  const add = (spaceId: string, month: string, values: Record<string, number>) => t.client.send(new UpdateCommand({
    TableName: t.table, Key: assistantUsageKey(spaceId, month),
    UpdateExpression: `SET #entity = :e, #v = :v ADD ${Object.keys(values).map((k) => `#${k} :${k}`).join(', ')}`,
    ExpressionAttributeNames: { '#entity': 'entity', '#v': 'v', ...Object.fromEntries(Object.keys(values).map((k) => [`#${k}`, k])) },
    ExpressionAttributeValues: { ':e': 'assistant-usage', ':v': 1, ...Object.fromEntries(Object.entries(values).map(([k, n]) => [`:${k}`, n])) },
  }));
  return {
    async getSettings(spaceId) {
      const out = await t.client.send(new GetCommand({ TableName: t.table, Key: assistantSettingsKey(spaceId), ConsistentRead: true }));
      if (!out.Item) return { enabled: false, version: 0 };
      return { enabled: out.Item.enabled === true, ...(typeof out.Item.monthlyTokenCap === 'number' ? { monthlyTokenCap: out.Item.monthlyTokenCap } : {}), version: Number(out.Item.version) };
    },
    async putSettings(actor, next, expectedVersion) {
      const current = await this.getSettings(actor.spaceId);
      const version = expectedVersion + 1;
      const condition = expectedVersion === 0
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } };
      const saved: AssistantSettings = { enabled: next.enabled, ...(next.monthlyTokenCap !== undefined ? { monthlyTokenCap: next.monthlyTokenCap } : {}), version };
      await transact(t, [
        {
          action: { Put: { TableName: t.table, Item: { ...assistantSettingsKey(actor.spaceId), entity: 'assistant-settings', v: 1, ...saved, updatedAt: actor.at, updatedBy: actor.userId }, ...condition } },
          onConditionFailed: (old) => new VersionMismatchError(Number(old?.version ?? 0)),
        },
        { action: { Put: { TableName: t.table, Item: auditItem({
          id: actor.auditId, spaceId: actor.spaceId, entity: 'settings', entityId: 'assistant', action: 'update', userId: actor.userId,
          requestId: actor.requestId, at: actor.at, changes: { assistant: { old: { enabled: current.enabled, monthlyTokenCap: current.monthlyTokenCap ?? null }, new: { enabled: saved.enabled, monthlyTokenCap: saved.monthlyTokenCap ?? null } } },
        }) } } },
      ]);
      return saved;
    },
    async reserve(spaceId, month, tokens, cap) {
      const room = cap - tokens;
      try {
        if (room < 0) throw Object.assign(new Error('larger than the cap'), { name: 'ConditionalCheckFailedException' });
        await t.client.send(new UpdateCommand({
          TableName: t.table, Key: assistantUsageKey(spaceId, month),
          UpdateExpression: 'SET #entity = :e, #v = :v ADD #tokens :n',
          ConditionExpression: 'attribute_not_exists(#tokens) OR #tokens <= :room',
          ExpressionAttributeNames: { '#entity': 'entity', '#v': 'v', '#tokens': 'tokens' },
          ExpressionAttributeValues: { ':e': 'assistant-usage', ':v': 1, ':n': tokens, ':room': room },
        }));
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        const used = (await this.usageOf(spaceId, month)).tokens;
        throw new AssistantQuotaError(cap, used, untilNextMonth(now()));
      }
    },
    settle: async (spaceId, month, reserved, usage) => {
      await add(spaceId, month, { tokens: usage.totalTokens - reserved, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, calls: 1 });
    },
    release: async (spaceId, month, reserved) => {
      if (reserved > 0) await add(spaceId, month, { tokens: -reserved });
    },
    async usageOf(spaceId, month): Promise<MonthUsage> {
      const out = await t.client.send(new GetCommand({ TableName: t.table, Key: assistantUsageKey(spaceId, month), ConsistentRead: true }));
      const n = (k: string) => Number(out.Item?.[k] ?? 0);
      return { month, tokens: n('tokens'), inputTokens: n('inputTokens'), outputTokens: n('outputTokens'), calls: n('calls') };
    },
  };
}
