import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ok } from '../../api';
import { SelectField } from '../../ui/field';
import { dateTime, money } from '../../ui/format';
import { Empty, QueryView } from '../../ui/states';

type Kind = 'contact' | 'company';
const TYPES = ['email', 'meeting', 'call', 'visit', 'note', 'task', 'order'] as const;

/** One timeline per customer, newest first: its mail, the activities staff logged, and its orders; filterable by type. */
export function Timeline({ kind, id, onOpen }: { kind: Kind; id: string; onOpen: (threadId: string, messageId: string) => void }) {
  const [type, setType] = useState('');
  const activity = useInfiniteQuery({
    queryKey: [kind, id, 'activity', type],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const params = { path: { id }, query: { cursor: pageParam, limit: 25, ...(type ? { type } : {}) } };
      return kind === 'contact'
        ? ok(await api().GET('/contacts/{id}/activity', { params }))
        : ok(await api().GET('/companies/{id}/activity', { params }));
    },
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <SelectField label="Show" value={type} onChange={(e) => setType(e.target.value)}>
        <option value="">Everything</option>
        {TYPES.map((t) => <option key={t} value={t}>{t === 'email' ? 'email (mail and logged)' : t}</option>)}
      </SelectField>
      <QueryView query={activity} what="the timeline">
        {(data) => {
          const items = data.pages.flatMap((p) => p.items);
          if (items.length === 0) return <Empty>{type ? `Nothing of type ${type} with this customer yet.` : 'No mail, activity or order with this customer yet.'}</Empty>;
          return (
            <>
              <ol className="timeline">
                {items.map((a) => {
                  if (a.kind === 'mail') {
                    return (
                      <li key={`m${a.messageId}`} className={a.direction}>
                        <button type="button" className="entry" onClick={() => onOpen(a.threadId, a.messageId)}>
                          <span className="when">{dateTime(a.date)}</span>
                          <span className="what">{a.direction === 'inbound' ? '↘ from' : '↗ sent by'} {a.sender.name ?? a.sender.address}</span>
                          <strong>{a.subject || '(no subject)'}</strong>
                          <span className="snippet">{a.snippet}</span>
                        </button>
                        <span className="tags">
                          {a.automated && <span className="badge">{a.automated.replace('_', ' ')}</span>}
                          {a.orderId && <span className="badge paid">order</span>}
                          {a.convertible && <span className="badge potential">can become an order</span>}
                        </span>
                      </li>
                    );
                  }
                  if (a.kind === 'activity') {
                    return (
                      <li key={`a${a.activityId}`} className="logged">
                        <div className="entry">
                          <span className="when">{dateTime(a.at)}</span>
                          <span className="what"><span className="badge">{a.type}</span>{a.durationMinutes ? ` ${a.durationMinutes} min` : ''}{a.doneAt ? ' · done' : ''}</span>
                          <strong>{a.subject}</strong>
                          {a.outcome && <span className="snippet">{a.outcome}</span>}
                        </div>
                      </li>
                    );
                  }
                  if (a.kind === 'deleted_mail') {
                    return (
                      <li key={`d${a.threadId}${a.at}`} className="logged">
                        <div className="entry">
                          <span className="when">{dateTime(a.at)}</span>
                          <span className="what"><span className="badge">deleted</span> {a.messageCount} {a.messageCount === 1 ? 'message' : 'messages'} by {a.deletedBy}{a.mode === 'mailbox' ? ', also from the mailbox' : ''}</span>
                          <strong>{a.subject || '(no subject)'}</strong>
                        </div>
                      </li>
                    );
                  }
                  return (
                    <li key={`o${a.orderId}`} className="order">
                      <div className="entry">
                        <span className="when">{dateTime(a.at)}</span>
                        <span className="what"><span className={`badge ${a.status === 'paid' ? 'paid' : ''}`}>order {a.status.replace('_', ' ')}</span></span>
                        <strong>{money(a.total, a.currency)}</strong>
                        {a.memo && <span className="snippet">{a.memo}</span>}
                      </div>
                    </li>
                  );
                })}
              </ol>
              {activity.hasNextPage && <button type="button" onClick={() => void activity.fetchNextPage()}>Older entries</button>}
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
