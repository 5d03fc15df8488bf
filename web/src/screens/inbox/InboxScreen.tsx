import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import type { operations } from '../../../../shared/client/api-types.js';
import { api, ok, type Schemas } from '../../api';
import { navigate, useLocation } from '../../router';
import { addressOf, dateTime } from '../../ui/format';
import { Empty, QueryView } from '../../ui/states';
import { useDebounced } from '../../ui/use-debounced';
import { InboxThreadPanel } from './InboxThreadPanel';

type Counts = Schemas['InboxCounts'];
type InboxQuery = NonNullable<operations['listInbox']['parameters']['query']>;

/** The filters the API has, kept in the URL so a filtered inbox can be bookmarked and shared. */
const FILTER_KEYS = ['q', 'unread', 'assignee', 'status', 'mailboxId'] as const;
/** New mail arrives by sync, not by this screen: the list and its counts refresh on their own. */
const REFRESH_MS = 30_000;

/** Inbox: threads of every mailbox, filtered and searched, with the open thread in a side panel. */
export function InboxScreen({ userId }: { userId: string }) {
  const { query } = useLocation();
  const [text, setText] = useState(query.get('q') ?? '');
  const q = useDebounced(text.trim());
  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(location.search);
    if (value) next.set(key, value); else next.delete(key);
    navigate(`/inbox?${next.toString()}`, { replace: true });
  };
  useEffect(() => { if ((query.get('q') ?? '') !== q) setParam('q', q || undefined); }, [q]);
  const filters: Record<string, string> = {};
  for (const k of FILTER_KEYS) { const v = query.get(k); if (v) filters[k] = v; }
  const threads = useInfiniteQuery({
    queryKey: ['inbox', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => ok(await api().GET('/inbox', { params: { query: { ...filters, ...(pageParam ? { cursor: pageParam } : {}) } as InboxQuery } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: REFRESH_MS,
  });
  const counts = useQuery({ queryKey: ['inbox-counts'], queryFn: async () => ok(await api().GET('/inbox/counts')), refetchInterval: REFRESH_MS });
  const mailboxes = useQuery({ queryKey: ['mailboxes'], queryFn: async () => ok(await api().GET('/mailboxes')) });
  const openId = query.get('thread');
  // Stable, so the panel keeps focus where the user put it when the list refreshes behind it.
  const close = useCallback(() => setParam('thread', undefined), []);
  const c = counts.data;
  return (
    <section aria-labelledby="inbox-title">
      <div className="toolbar">
        <h1 id="inbox-title">Inbox</h1>
        {c && <p className="counts" aria-label="Thread counts">{c.unread} unread · {c.mine} mine · {c.unassigned} unassigned · {c.open} open</p>}
      </div>
      <form className="filters" role="search" aria-label="Filter threads" onSubmit={(e) => e.preventDefault()}>
        <label className="field">Search
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Subject, sender, words" />
        </label>
        <Choice label="Read state" value={query.get('unread')} onChange={(v) => setParam('unread', v)}
          options={[['true', label('Unread', c?.unread)], ['false', 'Read']]} />
        <Choice label="Assignee" value={query.get('assignee')} onChange={(v) => setParam('assignee', v)}
          options={[['me', label('Assigned to me', c?.mine)], ['none', label('Unassigned', c?.unassigned)]]} />
        <Choice label="Status" value={query.get('status')} onChange={(v) => setParam('status', v)}
          options={[['open', label('Open', c?.open)], ['completed', label('Completed', c?.completed)]]} />
        <Choice label="Mailbox" value={query.get('mailboxId')} onChange={(v) => setParam('mailboxId', v)}
          options={(mailboxes.data?.items ?? []).map((m) => [m.id, label(m.username, countOf(c, m.id))])} />
      </form>
      <QueryView query={threads} what="threads">
        {(data) => {
          const items = data.pages.flatMap((p) => p.items);
          if (items.length === 0) return <Empty>{Object.keys(filters).length > 0 ? 'No thread matches these filters.' : 'No mail yet. Connect a mailbox to see its threads here.'}</Empty>;
          return (
            <>
              <ul className="thread-list" aria-label="Threads">
                {items.map((t) => <ThreadRow key={t.id} thread={t} userId={userId} onOpen={() => setParam('thread', t.id)} />)}
              </ul>
              {threads.hasNextPage && (
                <button type="button" disabled={threads.isFetchingNextPage} onClick={() => void threads.fetchNextPage()}>
                  {threads.isFetchingNextPage ? 'Loading more threads…' : 'Show more threads'}
                </button>
              )}
            </>
          );
        }}
      </QueryView>
      {openId && <InboxThreadPanel threadId={openId} userId={userId} onClose={close} />}
    </section>
  );
}

const label = (text: string, count: number | undefined) => (count === undefined ? text : `${text} (${count})`);
const countOf = (c: Counts | undefined, mailboxId: string) => c?.mailboxes.find((m) => m.mailboxId === mailboxId)?.count;

function Choice({ label: name, value, options, onChange }: {
  label: string; value: string | null; options: [string, string][]; onChange: (v: string | undefined) => void;
}) {
  return (
    <label className="field">{name}
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">Any</option>
        {options.map(([v, text]) => <option key={v} value={v}>{text}</option>)}
      </select>
    </label>
  );
}

function ThreadRow({ thread: t, userId, onOpen }: { thread: Schemas['InboxThread']; userId: string; onOpen: () => void }) {
  const who = t.assigneeId === null ? 'Unassigned' : t.assigneeId === userId ? 'Assigned to me' : `Assigned to ${t.assigneeId}`;
  return (
    <li className={t.unread ? 'thread-row unread' : 'thread-row'}>
      <button type="button" onClick={onOpen}>
        <span className="subject">{t.subject || '(no subject)'}</span>
        <span className="meta">{addressOf(t.sender)} · {dateTime(t.lastMessageAt)} · {t.messageCount} {t.messageCount === 1 ? 'message' : 'messages'}</span>
        <span className="snippet">{t.snippet}</span>
        <span className="tags">
          {t.unread && <span className="badge potential">Unread</span>}
          <span className={t.status === 'completed' ? 'badge active' : 'badge'}>{t.status === 'completed' ? 'Completed' : 'Open'}</span>
          <span className="badge">{who}</span>
        </span>
      </button>
    </li>
  );
}
