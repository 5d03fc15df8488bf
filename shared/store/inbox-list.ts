import { facetsOfFilter, inboxTokens, matchesInbox, pickFacet, queryWords, type InboxFilter, type InboxThread } from '../domain/inbox/inbox-thread.js';
import { mailVisibility, redactThreadText, type MailVisibility } from '../domain/rules/mail-privacy.js';
import { firstMatchingToken } from '../domain/search/search-tokens.js';
import { batchGet } from './batch.js';
import { InvalidCursorError } from './cursor.js';
import type { TableRef } from './dynamo.js';
import { readInboxCounts, toInboxThread } from './inbox-index.js';
import { inboxFacetPartition, inboxTokenPartition, threadKey } from './keys.js';
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

/**
 * The facet partition a page reads. The first page picks the smallest facet the filter implies (by
 * the kept counts); later pages keep reading the partition their cursor came from, which must be
 * one this filter could have picked, so counts moving between pages never break a cursor.
 */
async function facetFor(t: TableRef, spaceId: string, q: InboxQuery): Promise<string> {
  const candidates = [...(q.contactId ? [`contact#${q.contactId}`] : []), ...(q.companyId ? [`company#${q.companyId}`] : []), ...facetsOfFilter(q, q.userId), 'all'];
  if (q.startKey) {
    const facet = candidates.find((f) => inboxFacetPartition(spaceId, f) === q.startKey?.pk);
    if (!facet) throw new InvalidCursorError('The cursor does not fit this list');
    return facet;
  }
  const narrowing = facetsOfFilter(q, q.userId).length > 1 && !q.contactId && !q.companyId;
  return pickFacet(q, q.userId, narrowing ? await readInboxCounts(t, spaceId) : new Map());
}

/**
 * Lists inbox threads without a Scan. A search reads the token partition of its longest word
 * (begins_with) and verifies every filter and word on the hydrated thread; a filtered listing
 * reads one facet partition newest first (the date range is its key condition) and verifies the
 * other filters. Either way the read grows with the matches, not with the Space.
 */
export async function listInbox(t: TableRef, spaceId: string, q: InboxQuery): Promise<Page<InboxThread>> {
  const base = { limit: q.limit, maxExamined: MAX_EXAMINED, keyAttributes: ['pk', 'sk'], hydrate: hydrate(t, spaceId), ...(q.startKey ? { startKey: q.startKey } : {}) };
  const word = q.q ? queryWords(q.q)[0] : undefined;
  let spec: PageSpec<InboxThread>;
  if (word) {
    spec = {
      ...base,
      query: { KeyConditionExpression: 'pk = :p AND begins_with(sk, :w)', ExpressionAttributeValues: { ':p': inboxTokenPartition(spaceId, word), ':w': word } },
      // A thread is emitted only at its first matching token: no repeats across pages, stale tokens skipped.
      accept: (thread, item) => visibleMatch(q, thread) && String(item.sk) === `${firstMatchingToken(inboxTokens(thread), word)}#${thread.id}`,
    };
  } else {
    const facet = await facetFor(t, spaceId, q);
    const range = q.from !== undefined || q.to !== undefined;
    spec = {
      ...base,
      query: {
        KeyConditionExpression: range ? 'pk = :p AND sk BETWEEN :from AND :to' : 'pk = :p',
        ExpressionAttributeValues: { ':p': inboxFacetPartition(spaceId, facet), ...(range ? { ':from': q.from ?? '0', ':to': `${q.to ?? '9999'}~` } : {}) },
        ScanIndexForward: false,
      },
      accept: (thread, item) => visibleMatch(q, thread) && String(item.sk) === `${thread.lastMessageAt}#${thread.id}`,
    };
  }
  return pageThrough(t, spec);
}
