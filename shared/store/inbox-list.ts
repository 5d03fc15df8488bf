import { facetsOfFilter, inboxTokens, matchesInbox, pickSource, queryWords, stateFacetsOfFilter, type CountedFacet, type InboxFilter, type InboxSource, type InboxThread, type OwnerFacet } from '../domain/inbox/inbox-thread.js';
import { stateFacet } from '../domain/inbox/state-facets.js';
import { mailVisibility, redactThreadText, type MailVisibility } from '../domain/rules/mail-privacy.js';
import { firstMatchingToken } from '../domain/search/search-tokens.js';
import { batchGet } from './batch.js';
import { InvalidCursorError } from './cursor.js';
import type { TableRef } from './dynamo.js';
import { LEGACY_ALL, readInboxCounters, toInboxThread } from './inbox-index.js';
import { mergePartitions } from './merge-partitions.js';
import { inboxFacetPartition, inboxTokenPartition, threadInboxKey, threadKey } from './keys.js';
import { pageThrough, type Page, type PageSpec } from './page-through.js';

type Item = Record<string, unknown>;

export interface InboxQuery extends InboxFilter {
  /** The caller: `assignee=me` means this user. */
  readonly userId: string;
  /** Restricted threads are listed to their assignee and admins only. */
  readonly role: 'admin' | 'staff';
  /** The caller's level per thread (private mail); without it only restriction applies. */
  readonly levelOf?: (thread: InboxThread) => MailVisibility;
  readonly limit: number;
  readonly startKey?: Record<string, unknown>;
  /** The Space's move to the state facets has not finished: its old `all` partition is read too. */
  readonly legacy?: boolean;
}

/** A thread the caller may see that passes the filters, its words matched only against what the caller sees of it. */
const visibleMatch = (q: InboxQuery, thread: InboxThread): boolean => {
  const level = q.levelOf ? q.levelOf(thread) : mailVisibility({ privacy: [], blocklist: [] }, { userId: q.userId, role: q.role }, thread);
  return level !== 'none' && matchesInbox(q, redactThreadText(thread, level), q.userId);
};

/** Index items read per request at most; a page may come back short with a cursor past them. */
const MAX_EXAMINED = 500;

const hydrate = (t: TableRef, spaceId: string) => async (items: Item[]) =>
  (await batchGet(t, items.map((i) => threadKey(spaceId, String(i.threadId))))).map((i) => (i ? toInboxThread(i) : undefined));

/** A search also reads each thread's bookkeeping item: the opening words it is searched by live there. */
const hydrateWithWords = (t: TableRef, spaceId: string) => async (items: Item[]) => {
  const read = await batchGet(t, items.flatMap((i) => [threadKey(spaceId, String(i.threadId)), threadInboxKey(spaceId, String(i.threadId))]));
  return items.map((_i, n) => (read[2 * n] ? toInboxThread(read[2 * n]!, read[2 * n + 1]) : undefined));
};

/** The pk a merged listing's cursor carries: no item lives there, it names the state partitions. */
const STATES = 'state';

/**
 * Where a page reads. The first page picks the cheapest source the filter implies (by the kept
 * counts); later pages keep reading the source their cursor came from, which must be one this
 * filter could have picked, so counts moving between pages never break a cursor.
 */
async function sourceFor(t: TableRef, spaceId: string, q: InboxQuery): Promise<InboxSource> {
  const singles: (CountedFacet | OwnerFacet)[] = [...(q.contactId ? [`contact#${q.contactId}` as const] : []), ...(q.companyId ? [`company#${q.companyId}` as const] : []), ...facetsOfFilter(q, q.userId)];
  if (q.startKey) {
    if (q.startKey.pk === inboxFacetPartition(spaceId, STATES) && !q.contactId && !q.companyId) {
      if (typeof q.startKey.sk !== 'string' || Object.keys(q.startKey).length !== 2) throw new InvalidCursorError('The cursor does not fit this list');
      return { states: stateFacetsOfFilter(q, q.userId) };
    }
    const facet = singles.find((f) => inboxFacetPartition(spaceId, f) === q.startKey?.pk);
    if (!facet) throw new InvalidCursorError('The cursor does not fit this list');
    return { facet };
  }
  const choosing = facetsOfFilter(q, q.userId).length > 0 && !q.contactId && !q.companyId;
  return pickSource(q, q.userId, choosing ? await readInboxCounters(t, spaceId) : new Map());
}

const listed = (thread: InboxThread, item: Item) => String(item.sk) === `${thread.lastMessageAt}#${thread.id}`;

/**
 * Lists inbox threads without a Scan. A search reads the token partition of its longest word
 * (begins_with) and verifies every filter and word on the hydrated thread; a listing reads one
 * facet partition (contact, company, assignee, order, mailbox) or merges the state partitions the
 * filter allows, newest first (the date range is their key condition), and verifies the other
 * filters. Either way the read grows with the matches, not with the Space.
 */
export async function listInbox(t: TableRef, spaceId: string, q: InboxQuery): Promise<Page<InboxThread>> {
  const base = { limit: q.limit, maxExamined: MAX_EXAMINED, keyAttributes: ['pk', 'sk'], hydrate: hydrate(t, spaceId), ...(q.startKey ? { startKey: q.startKey } : {}) };
  const word = q.q ? queryWords(q.q)[0] : undefined;
  if (word) {
    const spec: PageSpec<InboxThread> = {
      ...base, hydrate: hydrateWithWords(t, spaceId),
      query: { KeyConditionExpression: 'pk = :p AND begins_with(sk, :w)', ExpressionAttributeValues: { ':p': inboxTokenPartition(spaceId, word), ':w': word } },
      // A thread is emitted only at its first matching token: no repeats across pages, stale tokens skipped.
      accept: (thread, item) => visibleMatch(q, thread) && String(item.sk) === `${firstMatchingToken(inboxTokens(thread), word)}#${thread.id}`,
    };
    return pageThrough(t, spec);
  }
  const source = await sourceFor(t, spaceId, q);
  if ('states' in source) {
    // A thread is listed under one state facet; its item left behind in another (a crash, a change in flight) is skipped.
    // A thread not moved yet is listed under the old `all` facet (checked against every filter);
    // while it moves it is in both at the same sort key, and only the first is kept.
    const legacyAll = inboxFacetPartition(spaceId, LEGACY_ALL);
    const page = await mergePartitions(t, {
      partitions: [...source.states.map((f) => inboxFacetPartition(spaceId, f)), ...(q.legacy ? [legacyAll] : [])],
      limit: q.limit, maxExamined: MAX_EXAMINED, hydrate: hydrate(t, spaceId), distinct: q.legacy === true,
      ...(q.from !== undefined ? { from: q.from } : {}), ...(q.to !== undefined ? { to: `${q.to}~` } : {}),
      ...(q.startKey ? { before: String(q.startKey.sk) } : {}),
      accept: (thread, item) => visibleMatch(q, thread) && listed(thread, item)
        && (item.pk === inboxFacetPartition(spaceId, stateFacet(thread)) || (item.pk === legacyAll && !thread.hidden)),
    });
    return { items: page.items, ...(page.lastSk !== undefined ? { lastKey: { pk: inboxFacetPartition(spaceId, STATES), sk: page.lastSk } } : {}) };
  }
  const range = q.from !== undefined || q.to !== undefined;
  return pageThrough(t, {
    ...base,
    query: {
      KeyConditionExpression: range ? 'pk = :p AND sk BETWEEN :from AND :to' : 'pk = :p',
      ExpressionAttributeValues: { ':p': inboxFacetPartition(spaceId, source.facet), ...(range ? { ':from': q.from ?? '0', ':to': `${q.to ?? '9999'}~` } : {}) },
      ScanIndexForward: false,
    },
    accept: (thread, item) => visibleMatch(q, thread) && listed(thread, item),
  });
}
