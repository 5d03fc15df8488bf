import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { HidableMessage, HidableThread, HideMark, ThreadHiding } from '../domain/rules/apply-blocklist.js';
import { batchGet } from './batch.js';
import type { TableRef } from './dynamo.js';
import { reindexThread } from './inbox-index.js';
import { messageKey, threadKey, threadsIndex } from './keys.js';
import { queryFrom } from './page-through.js';
import { isConditionFailure } from './transact.js';

type Item = Record<string, unknown>;
const listOf = (v: unknown): string[] => (v instanceof Set ? [...v as Set<string>] : Array.isArray(v) ? v.map(String) : []);

const toHidable = (item: Item): HidableThread => {
  const hidden = item.hidden as { entries?: unknown } | undefined;
  return {
    id: String(item.id), participants: listOf(item.participants), messageIds: listOf(item.messageIds),
    ...(hidden ? { hiddenBy: listOf(hidden.entries) } : {}), hideSeq: Number(item.hideSeq ?? 0),
  };
};

/** Done when the condition failed: another writer made the same transition first. */
const conditional = async (t: TableRef, run: () => Promise<unknown>, spaceId: string, threadId: string): Promise<boolean> => {
  try {
    await run();
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
  await reindexThread(t, spaceId, threadId);
  return true;
};

type ItemPage = { items: { thread: HidableThread; item: Item }[]; lastKey?: Record<string, unknown> };

/** The Space's threads newest first (GSI1), each with its item as stored; deleted threads left out. */
async function pageThreadItems(t: TableRef, spaceId: string, limit: number, startKey?: Record<string, unknown>): Promise<ItemPage> {
  const out = await queryFrom(t, {
    IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ScanIndexForward: false, Limit: limit,
    ExpressionAttributeValues: { ':pk': threadsIndex(spaceId, '', '').gsi1pk }, ...(startKey ? { ExclusiveStartKey: startKey } : {}),
  }, ['pk', 'sk', 'gsi1pk', 'gsi1sk']);
  // A deleted thread left the stats when it was deleted: the rules jobs never hide or show it again.
  const items = (out.Items ?? []).filter((i) => i.deletion === undefined).map((item) => ({ thread: toHidable(item), item }));
  return { items, ...(out.LastEvaluatedKey ? { lastKey: out.LastEvaluatedKey } : {}) };
}

/**
 * The blocklist's soft delete on thread items: `hidden` (entries, when, which job) and `hideSeq`.
 * Each flip bumps `rev`, so the inbox index drops the thread from (or puts it back into) every facet,
 * count and search token (inbox-index.ts).
 */
export const createThreadHiding = (t: TableRef): ThreadHiding & {
  /** A page of thread items as stored, each with its hidable view. */
  pageThreadItems(spaceId: string, limit: number, startKey?: Record<string, unknown>): Promise<ItemPage>;
} => ({
  pageThreadItems: (spaceId, limit, startKey) => pageThreadItems(t, spaceId, limit, startKey),

  async pageThreads(spaceId, limit, startKey) {
    const page = await pageThreadItems(t, spaceId, limit, startKey);
    return { items: page.items.map((i) => i.thread), ...(page.lastKey ? { lastKey: page.lastKey } : {}) };
  },

  async messagesOf(spaceId, ids): Promise<HidableMessage[]> {
    const items = await batchGet(t, ids.map((id) => messageKey(spaceId, id)));
    return items.flatMap((i) => (i ? [{
      id: String(i.id), date: String(i.date), contactIds: listOf(i.contactIds), companyIds: listOf(i.companyIds), ...(i.automated ? { automated: i.automated } : {}),
    }] : []));
  },

  hide: (spaceId, threadId, mark: HideMark, seq) => conditional(t, () => t.client.send(new UpdateCommand({
    TableName: t.table, Key: threadKey(spaceId, threadId),
    UpdateExpression: 'SET #h = :h, hideSeq = :seq ADD rev :one',
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#h) AND (attribute_not_exists(hideSeq) OR hideSeq = :was)',
    ExpressionAttributeNames: { '#h': 'hidden' },
    ExpressionAttributeValues: { ':h': { entries: [...mark.entries], at: mark.at, jobId: mark.jobId }, ':seq': seq, ':was': seq - 1, ':one': 1 },
  })), spaceId, threadId),

  show: (spaceId, threadId, seq) => conditional(t, () => t.client.send(new UpdateCommand({
    TableName: t.table, Key: threadKey(spaceId, threadId),
    UpdateExpression: 'REMOVE #h ADD rev :one',
    ConditionExpression: 'attribute_exists(#h) AND hideSeq = :seq',
    ExpressionAttributeNames: { '#h': 'hidden' },
    ExpressionAttributeValues: { ':seq': seq, ':one': 1 },
  })), spaceId, threadId),
});
