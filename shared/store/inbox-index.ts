import { BatchGetCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { countedFacets, inboxTokens, ownerFacets, type InboxThread } from '../domain/inbox/inbox-thread.js';
import { ConflictError } from '../domain/errors.js';
import { deriveCounts } from '../domain/inbox/state-facets.js';
import { openingWords } from '../domain/inbox/inbox-tokens.js';
import { batchWrite } from './batch.js';
import type { TableRef } from './dynamo.js';
import { inboxCountsKey, inboxFacetKey, inboxTokenKey, threadInboxKey, threadKey, type Key } from './keys.js';
import { toSummary } from './thread-store.js';
import { isConditionFailure, onTable, transact, type TxItem } from './transact.js';

type Item = Record<string, unknown>;
const MAX_ATTEMPTS = 8;

/** A thread item as the inbox sees it: the summary plus how staff work it. */
export const toInboxThread = (item: Item, book?: Item): InboxThread => ({
  ...toSummary(item),
  // Search words of the first mail are kept on the bookkeeping item (in no GSI), read with the thread by search.
  ...(Array.isArray(book?.openingWords) ? { openingWords: (book.openingWords as unknown[]).map(String) } : {}),
  unread: item.unread === true,
  status: item.status === 'completed' ? 'completed' : 'open',
  ...(item.assigneeId ? { assigneeId: String(item.assigneeId) } : {}),
  mailboxIds: [...((item.mailboxIds as Set<string> | undefined) ?? [])].sort(),
  version: Number(item.version ?? 0),
  ...(item.restricted === true ? { restricted: true } : {}),
  // A deleted thread (DELETE /threads/{id}) leaves the index as a blocklisted one does, and never comes back.
  ...(item.hidden !== undefined || item.deletion !== undefined ? { hidden: true } : {}),
  ...(item.deletion !== undefined ? { deleted: true } : {}),
  ...(item.manualPrivacy === 'metadata' || item.manualPrivacy === 'subject' ? { manualPrivacy: item.manualPrivacy } : {}),
});

const listOf = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const openingWordsOf = (t: InboxThread): string[] =>
  openingWords({ subject: t.subject, snippet: t.lastSnippet, participants: t.participants, sender: t.lastSender ?? { address: '' } });
const minus = (a: readonly string[], b: readonly string[]) => { const s = new Set(b); return a.filter((x) => !s.has(x)); };
const sameWords = (a: readonly string[], b: readonly string[]) => minus(a, b).length === 0 && minus(b, a).length === 0;
const facetItem = (spaceId: string, facet: string, at: string, threadId: string): Item =>
  ({ ...inboxFacetKey(spaceId, facet, at, threadId), entity: 'inbox-facet', v: 1, threadId });
const tokenItem = (spaceId: string, token: string, threadId: string): Item =>
  ({ ...inboxTokenKey(spaceId, token, threadId), entity: 'inbox-token', v: 1, threadId });
/** Counter attributes are prefixed so a facet name never meets the item's own attributes. */
const COUNTER = 'n#';
/**
 * The Space's facet counts move in one update of one small item (one write instead of one per
 * facet): every reindex already touches the `all` counter, so this adds no contention.
 */
export const countDeltas = (spaceId: string, deltas: ReadonlyMap<string, number>): TxItem[] => {
  const moved = [...deltas].filter(([, d]) => d !== 0);
  if (moved.length === 0) return [];
  return [{ action: { Update: {
    TableName: '', Key: inboxCountsKey(spaceId),
    UpdateExpression: `SET entity = :e ADD ${moved.map((_m, i) => `#f${i} :d${i}`).join(', ')}`,
    ExpressionAttributeNames: Object.fromEntries(moved.map(([f], i) => [`#f${i}`, `${COUNTER}${f}`])),
    ExpressionAttributeValues: { ':e': 'inbox-counts', ...Object.fromEntries(moved.map(([, d], i) => [`:d${i}`, d])) },
  } } }];
};

/** Every thread indexed before the state facets is listed under `all` (a hidden one under nothing, and so has nothing to move). */
export const LEGACY_ALL = 'all';

/** Whether the bookkeeping item still lists the thread under the old per-dimension facets (`all`, `open`, `unread`...). */
export const isLegacyIndexed = (book: Item): boolean => listOf(book.inboxFacets).includes(LEGACY_ALL);

/** What one thread's index write is: items to put first, the bookkeeping update, the count moves, items to remove after. */
export interface ReindexPlan {
  readonly spaceId: string;
  readonly puts: Item[];
  readonly bookkeeping: { TableName: string; Key: Key; UpdateExpression: string; ConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> };
  readonly deltas: ReadonlyMap<string, number>;
  readonly stale: Key[];
  /** The thread was listed under the old per-dimension facets and this write moves it to its state facet. */
  readonly legacy: boolean;
}

/** The reads a plan needs: the thread item and its bookkeeping item. */
export const reindexReads = (spaceId: string, threadId: string): Key[] => [threadKey(spaceId, threadId), threadInboxKey(spaceId, threadId)];

/** How a reindex treats the opening words kept at the thread's first index write. */
export interface ReindexOptions {
  /** Take them again from the thread as it is now: the message they came from was deleted. */
  readonly retakeOpeningWords?: boolean;
}

/**
 * Plans bringing a thread's index to its `rev` from the two items read (the difference only);
 * undefined when there is no thread yet or it is indexed already (with the opening words it should have).
 */
export function planReindex(t: TableRef, spaceId: string, threadId: string, item: Item | undefined, book: Item, options: ReindexOptions = {}): ReindexPlan | undefined {
  if (!item || item.lastMessageAt === undefined) return undefined;
  const rev = Number(item.rev ?? 0);
  // A thread indexed under the six old state facets moves to its one state facet even at its current rev.
  const legacy = isLegacyIndexed(book);
  const indexed = !legacy && book.inboxRev !== undefined && Number(book.inboxRev) >= rev;
  if (indexed && !options.retakeOpeningWords) return undefined;
  const thread = toInboxThread(item);
  // The first index write keeps the opening words of the mail that started the thread; later ones reuse them.
  const opening = Array.isArray(book.openingWords) && !options.retakeOpeningWords ? listOf(book.openingWords) : openingWordsOf(thread);
  if (indexed && sameWords(listOf(book.openingWords), opening)) return undefined;
  const at = thread.lastMessageAt;
  const oldAt = book.inboxAt === undefined ? undefined : String(book.inboxAt);
  const oldCounted = listOf(book.inboxFacets);
  const oldOwners = listOf(book.inboxOwners);
  const oldTokens = listOf(book.inboxTokens);
  // A thread the blocklist hid leaves every facet, count and token; unhiding puts them back.
  const counted: string[] = thread.hidden ? [] : countedFacets(thread);
  const owners: string[] = thread.hidden ? [] : ownerFacets(thread);
  const tokens = thread.hidden ? [] : inboxTokens({ ...thread, openingWords: opening });
  const moved = oldAt !== at;
  const listed = [...counted, ...owners];
  const oldListed = [...oldCounted, ...oldOwners];
  return {
    spaceId, legacy,
    puts: [
      ...(moved ? listed : minus(listed, oldListed)).map((f) => facetItem(spaceId, f, at, threadId)),
      ...minus(tokens, oldTokens).map((k) => tokenItem(spaceId, k, threadId)),
    ],
    deltas: new Map<string, number>([...minus(counted, oldCounted).map((f) => [f, 1] as const), ...minus(oldCounted, counted).map((f) => [f, -1] as const)]),
    bookkeeping: {
      TableName: t.table, Key: threadInboxKey(spaceId, threadId),
      UpdateExpression: 'SET entity = :e, inboxRev = :rev, inboxAt = :at, inboxFacets = :f, inboxOwners = :o, inboxTokens = :k, openingWords = :w',
      // No other indexer finished from the same read. Moving an old-shape thread keeps its rev, so
      // the old facet still listed is part of what was read: the second of two movers finds it gone.
      ConditionExpression: `${book.inboxRev === undefined ? 'attribute_not_exists(inboxRev)' : 'inboxRev = :was'}${legacy ? ' AND contains(inboxFacets, :legacy)' : ''}`,
      ExpressionAttributeValues: {
        ':e': 'thread-inbox', ':rev': rev, ':at': at, ':f': counted, ':o': owners, ':k': tokens, ':w': opening,
        ...(book.inboxRev === undefined ? {} : { ':was': book.inboxRev }), ...(legacy ? { ':legacy': LEGACY_ALL } : {}),
      },
    },
    stale: [
      ...(oldAt === undefined ? [] : (moved ? oldListed : minus(oldListed, listed)).map((f) => inboxFacetKey(spaceId, f, oldAt, threadId))),
      ...minus(oldTokens, tokens).map((k) => inboxTokenKey(spaceId, k, threadId)),
    ],
  };
}

/**
 * Brings a thread's inbox index up to its latest write (`rev`). What the thread is listed under
 * lives on a small bookkeeping item beside it (sk `inbox`, in no GSI, so recording it costs 1 unit
 * instead of the thread item's size in the table and both GSIs). The Space's counts move in one
 * transaction with that item, conditioned on the bookkeeping that was read, so a counter changes
 * exactly once per recorded transition however many writers race (a transition that moves no count
 * writes the bookkeeping alone); a thread write after the read bumps `rev` and indexes again. Facet
 * items and search tokens are put before and removed after (plain batch writes, half the units of
 * transactional ones): readers verify every index item against the thread, so a crash in between
 * leaves at most stale items that are skipped, never a wrong result. Returns the plan written, if any.
 */
export async function reindexThread(t: TableRef, spaceId: string, threadId: string, options: ReindexOptions = {}): Promise<ReindexPlan | undefined> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    // Both items in one request (a BatchGetItem that DynamoDB leaves unprocessed is read again).
    const read = await t.client.send(new BatchGetCommand({ RequestItems: { [t.table]: {
      Keys: reindexReads(spaceId, threadId), ConsistentRead: true,
    } } }));
    if (Object.keys(read.UnprocessedKeys ?? {}).length > 0) continue;
    const items = read.Responses?.[t.table] ?? [];
    const plan = planReindex(t, spaceId, threadId, items.find((i) => i.sk === 'thread'), items.find((i) => i.sk === 'inbox') ?? {}, options);
    if (!plan) return undefined;
    await batchWrite(t, plan.puts);
    const counts = countDeltas(spaceId, plan.deltas);
    try {
      // No count moves (a reply that keeps the thread's facets): the conditional update alone, at half the units.
      if (counts.length === 0) await t.client.send(new UpdateCommand(plan.bookkeeping));
      else await transact(t, onTable(t.table, [{ action: { Update: { ...plan.bookkeeping, TableName: '' } } }, ...counts]));
    } catch (error) {
      if (error instanceof ConflictError || isConditionFailure(error)) continue;
      throw error;
    }
    await batchWrite(t, [], plan.stale);
    return plan;
  }
  throw new ConflictError('The thread changed too often to index; the next change indexes it');
}

/** Every index item of a thread, for bulk seeding with BatchWrite (the counters are not touched). */
export const inboxItemsOf = (spaceId: string, thread: InboxThread): Item[] => thread.hidden ? [] : [
  ...[...countedFacets(thread), ...ownerFacets(thread)].map((f) => facetItem(spaceId, f, thread.lastMessageAt, thread.id)),
  ...inboxTokens(thread).map((k) => tokenItem(spaceId, k, thread.id)),
];

/** The raw counters of a Space: one per state facet, assignee, mailbox and `order` (one small item). */
export async function readInboxCounters(t: TableRef, spaceId: string): Promise<Map<string, number>> {
  const out = await t.client.send(new GetCommand({ TableName: t.table, Key: inboxCountsKey(spaceId) }));
  return new Map(Object.entries(out.Item ?? {}).filter(([k]) => k.startsWith(COUNTER)).map(([k, n]) => [k.slice(COUNTER.length), Number(n)]));
}

/** Thread counts of a Space by badge (`all`, `unread`, `open`, ..., `assignee#U`, `mailbox#M`, `order`), from its counters. */
export async function readInboxCounts(t: TableRef, spaceId: string): Promise<Map<string, number>> {
  return deriveCounts(await readInboxCounters(t, spaceId));
}
