import { toThreadView } from '../threads/activity-views.js';
import type { InboxThread } from './inbox-thread.js';

/** One inbox line as the API shows it. */
export const toInboxThreadView = (t: InboxThread) => ({
  ...toThreadView(t), unread: t.unread, status: t.status, assigneeId: t.assigneeId ?? null, restricted: Boolean(t.restricted), mailboxIds: [...t.mailboxIds], version: t.version,
});

/** Badge counts from the kept facet counters (`assignee#U`, `mailbox#M`, ...); a facet never written counts 0. */
export function toInboxCounts(counts: ReadonlyMap<string, number>, userId: string) {
  const n = (facet: string) => Math.max(0, counts.get(facet) ?? 0);
  const prefixed = (prefix: string) => [...counts].filter(([f, c]) => f.startsWith(prefix) && c > 0).map(([f, c]) => [f.slice(prefix.length), c] as const);
  return {
    all: n('all'), unread: n('unread'), open: n('open'), completed: n('completed'), unassigned: n('unassigned'),
    mine: n(`assignee#${userId}`), withOrder: n('order'), unlinked: n('unlinked'), inbound: n('last#inbound'), outbound: n('last#outbound'),
    sms: n('channel#sms'), email: Math.max(0, n('all') - n('channel#sms')),
    mailboxes: prefixed('mailbox#').map(([mailboxId, count]) => ({ mailboxId, count })),
    assignees: prefixed('assignee#').map(([userId, count]) => ({ userId, count })),
  };
}
