import { firstMatchingToken } from '../search/search-tokens.js';
import { inboxTokens, queryWords } from './inbox-tokens.js';
import type { ThreadSummary } from '../threads/ports.js';
import { stateFacet, stateFacetsOf, type StateFacet } from './state-facets.js';

/** How staff work a thread: read state, owner, done or not, where it came from. */
export interface InboxState {
  /** True while the thread holds inbound mail nobody has marked read. */
  readonly unread: boolean;
  readonly status: 'open' | 'completed';
  readonly assigneeId?: string;
  /** The mailboxes the thread's messages were synced from. */
  readonly mailboxIds: readonly string[];
  /** Counts staff changes (assign, complete, reopen, read); sync never moves it. */
  readonly version: number;
  /** Visible to the assignee and admins only. */
  readonly restricted?: boolean;
  /** Marked private by hand (PATCH /threads/{id}); already folded into `privacy`. */
  readonly manualPrivacy?: 'metadata' | 'subject';
  /** Soft-deleted by the blocklist: listed under no facet, counted nowhere, found by no search. */
  readonly hidden?: boolean;
  /** Deleted by staff (DELETE /threads/{id}): hidden as above, for good. */
  readonly deleted?: boolean;
}

export type InboxThread = ThreadSummary & InboxState;

/**
 * A counted facet: its thread count is kept on every write (`GET /inbox/counts` sums the state
 * facets into `all`, `unread`, `open`... : state-facets.ts).
 */
export type CountedFacet = StateFacet | 'order' | `assignee#${string}` | `mailbox#${string}` | 'channel#sms';

/** Facets listed but not counted: one per contact or company (too many to keep badges for). */
export type OwnerFacet = `contact#${string}` | `company#${string}`;

/** Most contact or company facets one thread is listed under (the thread item keeps all ids). */
export const MAX_OWNER_FACETS = 20;

/**
 * The counted facets a thread is listed under, each a partition of threads newest first: its one
 * state facet (status, read state, assigned or not, linked or not, last direction), its assignee,
 * its order and its mailboxes.
 */
export function countedFacets(t: InboxThread): CountedFacet[] {
  return [
    stateFacet(t),
    ...(t.assigneeId ? [`assignee#${t.assigneeId}` as const] : []),
    ...(t.orderId ? ['order' as const] : []),
    ...[...new Set(t.mailboxIds)].map((m) => `mailbox#${m}` as const),
    // Only SMS threads get a channel facet: email is all the rest, so mail pays no extra index write.
    ...(t.channel === 'sms' ? ['channel#sms' as const] : []),
  ];
}

/** The contact and company facets of a thread (capped: a thread to 200 people is listed under the first 20 of each). */
export function ownerFacets(t: InboxThread): OwnerFacet[] {
  return [
    ...t.contactIds.slice(0, MAX_OWNER_FACETS).map((c) => `contact#${c}` as const),
    ...t.companyIds.slice(0, MAX_OWNER_FACETS).map((c) => `company#${c}` as const),
  ];
}

export { inboxTokens, queryWords };

/** Inbox filters; every one present must hold (AND). */
export interface InboxFilter {
  readonly q?: string;
  readonly unread?: boolean;
  /** `me`, `none` (unassigned) or a user id. */
  readonly assignee?: string;
  readonly status?: 'open' | 'completed';
  readonly mailboxId?: string;
  readonly contactId?: string;
  readonly companyId?: string;
  readonly hasOrder?: boolean;
  readonly unlinked?: boolean;
  /** Who wrote last: `inbound` = the customer is waiting for an answer. */
  readonly direction?: 'inbound' | 'outbound';
  /** `sms` threads or mail threads (every thread that is not SMS). */
  readonly channel?: 'sms' | 'email';
  /** Latest message at or after / at or before (ISO). */
  readonly from?: string;
  readonly to?: string;
}

const assigneeOf = (f: InboxFilter, userId: string) => (f.assignee === 'me' ? userId : f.assignee);

/** Whether a thread passes every filter and every query word. */
export function matchesInbox(f: InboxFilter, t: InboxThread, userId: string): boolean {
  const assignee = assigneeOf(f, userId);
  const tokens = f.q ? inboxTokens(t) : [];
  return (f.unread === undefined || t.unread === f.unread)
    && (assignee === undefined || (assignee === 'none' ? !t.assigneeId : t.assigneeId === assignee))
    && (!f.status || t.status === f.status)
    && (!f.mailboxId || t.mailboxIds.includes(f.mailboxId))
    && (!f.contactId || t.contactIds.includes(f.contactId))
    && (!f.companyId || t.companyIds.includes(f.companyId))
    && (f.hasOrder === undefined || Boolean(t.orderId) === f.hasOrder)
    && (f.unlinked === undefined || (t.contactIds.length === 0 && t.companyIds.length === 0) === f.unlinked)
    && (!f.direction || t.lastDirection === f.direction)
    && (!f.channel || (t.channel ?? 'email') === f.channel)
    && (!f.from || t.lastMessageAt >= f.from)
    && (!f.to || t.lastMessageAt <= f.to)
    && queryWords(f.q ?? '').every((w) => firstMatchingToken(tokens, w) !== undefined);
}

/** The single counted facets a filter narrows to (each of them holds every match). */
export function facetsOfFilter(f: InboxFilter, userId: string): CountedFacet[] {
  const assignee = assigneeOf(f, userId);
  return [
    ...(assignee && assignee !== 'none' ? [`assignee#${assignee}` as const] : []),
    ...(f.mailboxId ? [`mailbox#${f.mailboxId}` as const] : []),
    ...(f.hasOrder === true ? ['order' as const] : []),
    ...(f.channel === 'sms' ? ['channel#sms' as const] : []),
  ];
}

/** The state facets a filter allows: together they hold every match. */
export function stateFacetsOfFilter(f: InboxFilter, userId: string): StateFacet[] {
  const assignee = assigneeOf(f, userId);
  return stateFacetsOf({ status: f.status, unread: f.unread, assigned: assignee === undefined ? undefined : assignee !== 'none', unlinked: f.unlinked, direction: f.direction });
}

/** Where a filtered listing reads: one partition, or the state partitions merged newest first. */
export type InboxSource = { readonly facet: CountedFacet | OwnerFacet } | { readonly states: StateFacet[] };

/**
 * A contact or company partition when one is named; else the cheaper of the smallest single
 * facet the filter implies and the state facets it allows (by the kept counts, summed for the
 * states), so the read grows with the matches, never with the Space.
 */
export function pickSource(f: InboxFilter, userId: string, counts: ReadonlyMap<string, number>): InboxSource {
  if (f.contactId) return { facet: `contact#${f.contactId}` };
  if (f.companyId) return { facet: `company#${f.companyId}` };
  const states = stateFacetsOfFilter(f, userId);
  const n = (facet: string) => counts.get(facet) ?? 0;
  const single = facetsOfFilter(f, userId).reduce<CountedFacet | undefined>((best, c) => (best === undefined || n(c) < n(best) ? c : best), undefined);
  if (single === undefined) return { states };
  return n(single) <= states.reduce((sum, s) => sum + n(s), 0) ? { facet: single } : { states };
}
