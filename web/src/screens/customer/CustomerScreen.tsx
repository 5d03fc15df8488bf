import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ok, type Schemas } from '../../api';
import { Link } from '../../router';
import { dateTime } from '../../ui/format';
import { Empty, QueryView } from '../../ui/states';
import { CompanyForm } from '../people/CompanyForm';
import { ContactForm } from '../people/ContactForm';
import { HistoryPanel } from './HistoryPanel';
import { ThreadPanel } from './ThreadPanel';

type Kind = 'contact' | 'company';

/** A customer (contact or company): details, edit, change history and the mail timeline. */
export function CustomerScreen({ kind, id }: { kind: Kind; id: string }) {
  const [panel, setPanel] = useState<'edit' | 'history' | { threadId: string; messageId: string } | undefined>();
  const record = useQuery({
    queryKey: [kind, id],
    queryFn: async () => kind === 'contact'
      ? { kind, value: ok(await api().GET('/contacts/{id}', { params: { path: { id } } })) } as const
      : { kind, value: ok(await api().GET('/companies/{id}', { params: { path: { id } } })) } as const,
  });
  return (
    <QueryView query={record} what={kind}>
      {(r) => (
        <section aria-labelledby="customer-title" className="customer">
          <p><Link to={kind === 'contact' ? '/people' : '/people?tab=companies'}>← People</Link></p>
          <div className="toolbar">
            <h1 id="customer-title">{r.value.name}</h1>
            <button type="button" onClick={() => setPanel('edit')} disabled={r.value.mergedInto !== undefined}>Edit</button>
            <button type="button" onClick={() => setPanel('history')}>History</button>
          </div>
          {r.value.mergedInto && (
            <p className="notice" role="note">Merged into <Link to={`/${kind === 'contact' ? 'contacts' : 'companies'}/${r.value.mergedInto}`}>another record</Link>; read-only.</p>
          )}
          {r.kind === 'contact' ? <ContactFacts contact={r.value} /> : <CompanyFacts company={r.value} />}
          <Timeline kind={kind} id={id} onOpen={(threadId, messageId) => setPanel({ threadId, messageId })} />
          {panel === 'edit' && r.kind === 'contact' && <ContactForm contact={r.value} onClose={() => setPanel(undefined)} onSaved={() => setPanel(undefined)} />}
          {panel === 'edit' && r.kind === 'company' && <CompanyForm company={r.value} onClose={() => setPanel(undefined)} onSaved={() => setPanel(undefined)} />}
          {panel === 'history' && <HistoryPanel entity={kind} id={id} onClose={() => setPanel(undefined)} />}
          {typeof panel === 'object' && <ThreadPanel threadId={panel.threadId} messageId={panel.messageId} onClose={() => setPanel(undefined)} />}
        </section>
      )}
    </QueryView>
  );
}

function ContactFacts({ contact }: { contact: Schemas['Contact'] }) {
  return (
    <dl className="facts">
      <dt>Emails</dt><dd>{contact.emails.join(', ') || '—'}</dd>
      <dt>Phones</dt><dd>{contact.phones.join(', ') || '—'}</dd>
      <dt>Status</dt><dd><span className={`badge ${contact.status}`}>{contact.status}</span></dd>
      <dt>Tags</dt><dd>{contact.tags.join(', ') || '—'}</dd>
      <dt>Company</dt>
      <dd>{contact.companyId ? <Link to={`/companies/${contact.companyId}`}>Open company</Link> : contact.suggestedCompanyId
        ? <>None (suggested: <Link to={`/companies/${contact.suggestedCompanyId}`}>company of this domain</Link>)</> : '—'}</dd>
      <dt>Last mail</dt><dd>{dateTime(contact.lastActivityAt)}</dd>
    </dl>
  );
}

function CompanyFacts({ company }: { company: Schemas['Company'] }) {
  return (
    <dl className="facts">
      <dt>Domains</dt><dd>{company.domains.join(', ') || '—'}</dd>
      <dt>Website</dt><dd>{company.website ?? '—'}</dd>
      <dt>Tier</dt><dd>{company.tier.replace('_', ' ')}</dd>
      <dt>Tags</dt><dd>{company.tags.join(', ') || '—'}</dd>
      <dt>Contacts</dt><dd><Link to={`/people?companyId=${company.id}`}>Its contacts</Link></dd>
    </dl>
  );
}

function Timeline({ kind, id, onOpen }: { kind: Kind; id: string; onOpen: (threadId: string, messageId: string) => void }) {
  const activity = useInfiniteQuery({
    queryKey: [kind, id, 'activity'],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const params = { path: { id }, query: { cursor: pageParam, limit: 25 } };
      return kind === 'contact'
        ? ok(await api().GET('/contacts/{id}/activity', { params }))
        : ok(await api().GET('/companies/{id}/activity', { params }));
    },
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <QueryView query={activity} what="the timeline">
        {(data) => {
          // The timeline also holds logged activities and orders; this panel shows the mail.
          const items = data.pages.flatMap((p) => p.items).flatMap((a) => (a.kind === 'mail' ? [a] : []));
          if (items.length === 0) return <Empty>No mail with this customer yet.</Empty>;
          return (
            <>
              <ol className="timeline">
                {items.map((a) => (
                  <li key={a.messageId} className={a.direction}>
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
                ))}
              </ol>
              {activity.hasNextPage && <button type="button" onClick={() => void activity.fetchNextPage()}>Older mail</button>}
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
