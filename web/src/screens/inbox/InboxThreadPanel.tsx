import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError, ok, type Schemas } from '../../api';
import { addressOf, dateTime } from '../../ui/format';
import { ifMatch } from '../../ui/list-input';
import { Panel } from '../../ui/panel';
import { ErrorState, QueryView } from '../../ui/states';
import { ReplyBox } from './ReplyBox';
import { TrailList } from './TrailList';

type Change = { assigneeId?: string | null; status?: 'open' | 'completed'; unread?: boolean };
/** How long the panel watches for a sent reply to be filed in Sent and join the thread. */
const REPLY_WATCH_MS = 120_000;

/** One inbox thread: how staff work it (assign, complete, read state), its trail, its messages newest first, and a reply box. */
export function InboxThreadPanel({ threadId, userId, onClose }: { threadId: string; userId: string; onClose: () => void }) {
  const queries = useQueryClient();
  const [notice, setNotice] = useState<string | undefined>();
  const [showTrail, setShowTrail] = useState(false);
  const [awaiting, setAwaiting] = useState<{ id: string; until: number } | undefined>();
  const thread = useInfiniteQuery({
    queryKey: ['inbox-thread', threadId],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => ok(await api().GET('/threads/{id}', { params: { path: { id: threadId }, query: pageParam ? { cursor: pageParam } : {} } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (q) => {
      if (!awaiting || Date.now() > awaiting.until) return false;
      return q.state.data?.pages.some((p) => p.messages.some((m) => m.id === awaiting.id)) ? false : 2_000;
    },
  });
  const first = thread.data?.pages[0];
  const change = useMutation({
    mutationFn: async (body: Change) => ok(await api().PATCH('/threads/{id}', {
      params: { path: { id: threadId }, header: { 'If-Match': ifMatch(first!.version) } }, body,
    })),
    onMutate: () => setNotice(undefined),
    onSuccess: () => invalidate(),
    onError: (e) => {
      if (e instanceof ApiError && e.status === 412) {
        setNotice('Someone else changed this thread first. It has been reloaded: check it and try again.');
        change.reset();
        invalidate();
      }
    },
  });
  const invalidate = () => {
    void queries.invalidateQueries({ queryKey: ['inbox-thread', threadId] });
    void queries.invalidateQueries({ queryKey: ['inbox'] });
    void queries.invalidateQueries({ queryKey: ['inbox-counts'] });
  };
  const messages = thread.data?.pages.flatMap((p) => p.messages) ?? [];
  const waiting = awaiting !== undefined && !messages.some((m) => m.id === awaiting.id);
  return (
    <Panel title={first?.subject || 'Thread'} onClose={onClose} wide>
      <QueryView query={thread} what="the thread">
        {() => first && (
          <>
            <StateLine thread={first} userId={userId} />
            <div className="actions" role="group" aria-label="Work this thread">
              {first.assigneeId === userId
                ? <button type="button" disabled={change.isPending} onClick={() => change.mutate({ assigneeId: null })}>Unassign</button>
                : <button type="button" disabled={change.isPending} onClick={() => change.mutate({ assigneeId: userId })}>Assign to me</button>}
              {first.status === 'open'
                ? <button type="button" className="primary" disabled={change.isPending} onClick={() => change.mutate({ status: 'completed' })}>Complete</button>
                : <button type="button" disabled={change.isPending} onClick={() => change.mutate({ status: 'open' })}>Reopen</button>}
              <button type="button" disabled={change.isPending} onClick={() => change.mutate({ unread: !first.unread })}>
                Mark {first.unread ? 'read' : 'unread'}
              </button>
              <button type="button" aria-expanded={showTrail} onClick={() => setShowTrail(!showTrail)}>{showTrail ? 'Hide trail' : 'Trail'}</button>
            </div>
            {showTrail && <TrailList threadId={threadId} />}
            {notice && <p className="notice" role="status">{notice}</p>}
            {change.error && !(change.error instanceof ApiError && change.error.status === 412) && <ErrorState error={change.error} />}
            <ReplyBox threadId={threadId} onSent={(sent) => setAwaiting({ id: sent.id, until: Date.now() + REPLY_WATCH_MS })} />
            {waiting && <p role="status" className="notice">Reply sent. It joins the thread once it is filed in Sent…</p>}
            <ol className="messages inbox-messages" aria-label="Messages, newest first">
              {messages.map((m) => <MessageItem key={m.id} message={m} />)}
            </ol>
            {thread.hasNextPage && (
              <button type="button" disabled={thread.isFetchingNextPage} onClick={() => void thread.fetchNextPage()}>
                {thread.isFetchingNextPage ? 'Loading older messages…' : 'Show older messages'}
              </button>
            )}
          </>
        )}
      </QueryView>
    </Panel>
  );
}

function StateLine({ thread: t, userId }: { thread: Schemas['ThreadDetail']; userId: string }) {
  const who = t.assigneeId === null ? 'Unassigned' : t.assigneeId === userId ? 'Assigned to me' : `Assigned to ${t.assigneeId}`;
  return (
    <p className="thread-state" aria-label="Thread state">
      <span className="badge">{t.status === 'completed' ? 'Completed' : 'Open'}</span> <span className="badge">{who}</span>{' '}
      <span className="badge">{t.unread ? 'Unread' : 'Read'}</span> · {t.messageCount} {t.messageCount === 1 ? 'message' : 'messages'}
    </p>
  );
}

function MessageItem({ message: m }: { message: Schemas['MessageSummary'] }) {
  const [open, setOpen] = useState(false);
  return (
    <li className={m.direction === 'outbound' ? 'message-item outbound' : 'message-item'}>
      <p className="meta">
        {m.direction === 'inbound' ? 'From' : 'Sent to'} {addressOf(m.direction === 'inbound' ? m.sender : m.to[0])} · {dateTime(m.date)}
        {m.attachmentCount > 0 && ` · ${m.attachmentCount} attachment${m.attachmentCount === 1 ? '' : 's'}`}
      </p>
      {open ? <MessageBody id={m.id} /> : <p className="snippet">{m.privacy ? 'Private mail: the content is hidden from you.' : m.snippet}</p>}
      {!m.privacy && (
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>{open ? 'Show less' : 'Read all'}</button>
      )}
    </li>
  );
}

function MessageBody({ id }: { id: string }) {
  const message = useQuery({ queryKey: ['message', id], queryFn: async () => ok(await api().GET('/messages/{id}', { params: { path: { id } } })) });
  return (
    <QueryView query={message} what="the message">
      {(m) => (m.html !== null
        // The API has sanitized the HTML already; the sandbox (no scripts, no same origin) is a second wall.
        ? <iframe className="mail-html" title={`Body of ${m.subject}`} sandbox="" srcDoc={m.html} />
        : <pre className="mail-text">{m.text}</pre>)}
    </QueryView>
  );
}
