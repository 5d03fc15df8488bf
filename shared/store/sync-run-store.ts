import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { RULE_TALLY_KEEP_DAYS, type RuleTally, type RuleTallyRepo } from '../domain/mailbox/rule-tally.js';
import type { SyncBackoff, SyncBackoffRepo, SyncRun, SyncRunRepo } from '../domain/mailbox/sync-run.js';
import type { TableRef } from './dynamo.js';
import { mailboxLeaseKey, ruleTallyKey, syncBackoffKey, syncRunKey } from './keys.js';

const ENTITY = 'sync-run';
/** Runs older than this are removed by the table's TTL; the view shows the newest few anyway. */
const KEEP_SECONDS = 14 * 86_400;

async function pageRuns(t: TableRef, spaceId: string, mailboxId: string, limit: number, startKey?: Record<string, unknown>) {
  const out = await t.client.send(new QueryCommand({
    TableName: t.table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)', ScanIndexForward: false, Limit: limit,
    ExpressionAttributeValues: { ':pk': mailboxLeaseKey(spaceId, mailboxId).pk, ':sk': 'run#' }, ...(startKey ? { ExclusiveStartKey: startKey } : {}),
  }));
  const items = (out.Items ?? []).map((item) => {
    const { pk: _pk, sk: _sk, entity: _e, v: _v, expiresAt: _x, ...run } = item;
    return run as SyncRun;
  });
  return { items, ...(out.LastEvaluatedKey ? { lastKey: out.LastEvaluatedKey } : {}) };
}

/**
 * Sync runs, the throttling back-off and the rule tallies live in the mailbox's sync-state partition,
 * so deleting the mailbox removes them.
 */
export const createSyncRunStore = (t: TableRef): SyncRunRepo & SyncBackoffRepo & RuleTallyRepo => ({
  async recordRun(spaceId: string, mailboxId: string, run: SyncRun): Promise<void> {
    const expiresAt = Math.ceil(Date.parse(run.startedAt) / 1000) + KEEP_SECONDS;
    await t.client.send(new PutCommand({
      TableName: t.table,
      Item: { ...syncRunKey(spaceId, mailboxId, run.startedAt, run.id), entity: ENTITY, v: 1, expiresAt, ...run },
    }));
  },

  async listRuns(spaceId: string, mailboxId: string, limit: number): Promise<SyncRun[]> {
    return (await pageRuns(t, spaceId, mailboxId, limit)).items;
  },

  pageRuns: (spaceId: string, mailboxId: string, limit: number, startKey?: Record<string, unknown>) => pageRuns(t, spaceId, mailboxId, limit, startKey),

  async getBackoff(spaceId: string, mailboxId: string): Promise<SyncBackoff | undefined> {
    const out = await t.client.send(new GetCommand({ TableName: t.table, Key: syncBackoffKey(spaceId, mailboxId), ConsistentRead: true }));
    return out.Item ? { until: String(out.Item.until), count: Number(out.Item.count) } : undefined;
  },

  async putBackoff(spaceId: string, mailboxId: string, backoff: SyncBackoff): Promise<void> {
    const expiresAt = Math.ceil(Date.parse(backoff.until) / 1000) + 86_400;
    await t.client.send(new PutCommand({ TableName: t.table, Item: { ...syncBackoffKey(spaceId, mailboxId), entity: 'sync-backoff', v: 1, expiresAt, ...backoff } }));
  },

  async clearBackoff(spaceId: string, mailboxId: string): Promise<void> {
    await t.client.send(new DeleteCommand({ TableName: t.table, Key: syncBackoffKey(spaceId, mailboxId) }));
  },

  async addRuleTally(spaceId: string, mailboxId: string, tally: RuleTally): Promise<void> {
    const expiresAt = Math.ceil(Date.parse(`${tally.day}T00:00:00Z`) / 1000) + RULE_TALLY_KEEP_DAYS * 86_400;
    await t.client.send(new UpdateCommand({
      TableName: t.table, Key: ruleTallyKey(spaceId, mailboxId, tally.day),
      UpdateExpression: 'SET entity = :e, expiresAt = :x ADD kept :k, skipped :s',
      ExpressionAttributeValues: { ':e': 'rule-tally', ':x': expiresAt, ':k': tally.kept, ':s': tally.skipped },
    }));
  },

  async listRuleTallies(spaceId: string, mailboxId: string, sinceDay: string): Promise<RuleTally[]> {
    const out = await t.client.send(new QueryCommand({
      TableName: t.table, KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': mailboxLeaseKey(spaceId, mailboxId).pk, ':from': `rules#${sinceDay}`, ':to': 'rules#~' },
    }));
    return (out.Items ?? []).map((i) => ({ day: String(i.sk).slice('rules#'.length), kept: Number(i.kept ?? 0), skipped: Number(i.skipped ?? 0) }));
  },
});
