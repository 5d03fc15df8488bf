import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { countedFacets, inboxTokens, ownerFacets, type InboxThread } from '../domain/inbox/inbox-thread.js';
import { ConflictError } from '../domain/errors.js';
import { batchWrite } from './batch.js';
import type { TableRef } from './dynamo.js';
import { inboxCountKey, inboxCountPartition, inboxFacetKey, inboxTokenKey, threadKey, type Key } from './keys.js';
import { toSummary } from './thread-store.js';
import { onTable, transact, type TxItem } from './transact.js';

type Item = Record<string, unknown>;
const MAX_ATTEMPTS = 8;

/** A thread item as the inbox sees it: the summary plus how staff work it. */
export const toInboxThread = (item: Item): InboxThread => ({
  ...toSummary(item),
  unread: item.unread === true,
  status: item.status === 'completed' ? 'completed' : 'open',
  ...(item.assigneeId ? { assigneeId: String(item.assigneeId) } : {}),
  mailboxIds: [...((item.mailboxIds as Set<string> | undefined) ?? [])].sort(),
  version: Number(item.version ?? 0),
  ...(item.restricted === true ? { restricted: true } : {}),
});

const listOf = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const minus = (a: readonly string[], b: readonly string[]) => { const s = new Set(b); return a.filter((x) => !s.has(x)); };
const facetItem = (spaceId: string, facet: string, at: string, threadId: string): Item =>
  ({ ...inboxFacetKey(spaceId, facet, at, threadId), entity: 'inbox-facet', v: 1, threadId });
const tokenItem = (spaceId: string, token: string, threadId: string): Item =>
  ({ ...inboxTokenKey(spaceId, token, threadId), entity: 'inbox-token', v: 1, threadId });
const count = (spaceId: string, facet: string, delta: number): TxItem => ({ action: { Update: {
  TableName: '', Key: inboxCountKey(spaceId, facet), UpdateExpression: 'SET entity = :e ADD threads :d',
  ExpressionAttributeValues: { ':e': 'inbox-count', ':d': delta },
} } });

/**
 * Brings a thread's inbox index up to its latest write (`rev`). The thread item remembers what it
 * is listed under; the counted facets and their counters move in one transaction conditioned on the
 * rev that was read, so a counter changes exactly once per transition however many writers race.
 * Contact/company facets and search tokens are put before and removed after that transaction:
 * readers verify every index item against the thread, so a crash in between leaves at most stale
 * items that are skipped, never a wrong result.
 */
export async function reindexThread(t: TableRef, spaceId: string, threadId: string): Promise<void> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const out = await t.client.send(new GetCommand({ TableName: t.table, Key: threadKey(spaceId, threadId), ConsistentRead: true }));
    const item = out.Item;
    if (!item || item.lastMessageAt === undefined) return;
    const rev = Number(item.rev ?? 0);
    if (item.inboxRev !== undefined && Number(item.inboxRev) >= rev) return;
    const thread = toInboxThread(item);
    const at = thread.lastMessageAt;
    const oldAt = item.inboxAt === undefined ? undefined : String(item.inboxAt);
    const oldCounted = listOf(item.inboxFacets);
    const oldOwners = listOf(item.inboxOwners);
    const oldTokens = listOf(item.inboxTokens);
    const counted: string[] = countedFacets(thread);
    const owners: string[] = ownerFacets(thread);
    const tokens = inboxTokens(thread);
    const moved = oldAt !== at;

    await batchWrite(t, [
      ...(moved ? owners : minus(owners, oldOwners)).map((f) => facetItem(spaceId, f, at, threadId)),
      ...minus(tokens, oldTokens).map((k) => tokenItem(spaceId, k, threadId)),
    ]);
    const staleCounted = oldAt === undefined ? [] : moved ? oldCounted : minus(oldCounted, counted);
    const tx: TxItem[] = [
      { action: { Update: {
        TableName: '', Key: threadKey(spaceId, threadId),
        UpdateExpression: 'SET inboxRev = :rev, inboxAt = :at, inboxFacets = :f, inboxOwners = :o, inboxTokens = :k',
        // Both: no write since the read (rev), and no other indexer finished from the same read (inboxRev).
        ConditionExpression: `${item.rev === undefined ? 'attribute_not_exists(rev)' : 'rev = :rev'} AND ${item.inboxRev === undefined ? 'attribute_not_exists(inboxRev)' : 'inboxRev = :was'}`,
        ExpressionAttributeValues: { ':rev': rev, ':at': at, ':f': counted, ':o': owners, ':k': tokens, ...(item.inboxRev === undefined ? {} : { ':was': item.inboxRev }) },
      } } },
      ...(moved ? counted : minus(counted, oldCounted)).map((f): TxItem => ({ action: { Put: { TableName: '', Item: facetItem(spaceId, f, at, threadId) } } })),
      ...staleCounted.map((f): TxItem => ({ action: { Delete: { TableName: '', Key: inboxFacetKey(spaceId, f, oldAt as string, threadId) } } })),
      ...minus(counted, oldCounted).map((f) => count(spaceId, f, 1)),
      ...minus(oldCounted, counted).map((f) => count(spaceId, f, -1)),
    ];
    try {
      await transact(t, onTable(t.table, tx));
    } catch (error) {
      if (error instanceof ConflictError) continue;
      throw error;
    }
    const staleOwners: Key[] = oldAt === undefined ? [] : (moved ? oldOwners : minus(oldOwners, owners)).map((f) => inboxFacetKey(spaceId, f, oldAt, threadId));
    await batchWrite(t, [], [...staleOwners, ...minus(oldTokens, tokens).map((k) => inboxTokenKey(spaceId, k, threadId))]);
    return;
  }
  throw new ConflictError('The thread changed too often to index; the next change indexes it');
}

/** Every index item of a thread, for bulk seeding with BatchWrite (the counters are not touched). */
export const inboxItemsOf = (spaceId: string, thread: InboxThread): Item[] => [
  ...[...countedFacets(thread), ...ownerFacets(thread)].map((f) => facetItem(spaceId, f, thread.lastMessageAt, thread.id)),
  ...inboxTokens(thread).map((k) => tokenItem(spaceId, k, thread.id)),
];

/** Thread counts of every counted facet of a Space (one small partition: a few dozen items). */
export async function readInboxCounts(t: TableRef, spaceId: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let start: Item | undefined;
  do {
    const out = await t.client.send(new QueryCommand({
      TableName: t.table, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': inboxCountPartition(spaceId) },
      ...(start ? { ExclusiveStartKey: start } : {}),
    }));
    for (const i of out.Items ?? []) counts.set(String(i.sk), Number(i.threads ?? 0));
    start = out.LastEvaluatedKey;
  } while (start);
  return counts;
}
