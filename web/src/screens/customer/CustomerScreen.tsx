import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ok, type Schemas } from '../../api';
import { Link } from '../../router';
import { dateTime } from '../../ui/format';
import { QueryView } from '../../ui/states';
import { CompanyForm } from '../people/CompanyForm';
import { ContactForm } from '../people/ContactForm';
import { HistoryPanel } from './HistoryPanel';
import { ThreadPanel } from './ThreadPanel';
import { Timeline } from './Timeline';

type Kind = 'contact' | 'company';

/** A customer (contact or company): details, edit, change history and the timeline (mail, activities, orders). */
export function CustomerScreen({ kind, id, admin }: { kind: Kind; id: string; admin: boolean }) {
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
          {panel === 'edit' && r.kind === 'contact' && <ContactForm admin={admin} contact={r.value} onClose={() => setPanel(undefined)} onSaved={() => setPanel(undefined)} />}
          {panel === 'edit' && r.kind === 'company' && <CompanyForm admin={admin} company={r.value} onClose={() => setPanel(undefined)} onSaved={() => setPanel(undefined)} />}
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
      <dt>Owner</dt><dd>{contact.ownerId ?? '—'}</dd>
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
      <dt>Owner</dt><dd>{company.ownerId ?? '—'}</dd>
      <dt>Contacts</dt><dd><Link to={`/people?companyId=${company.id}`}>Its contacts</Link></dd>
    </dl>
  );
}
