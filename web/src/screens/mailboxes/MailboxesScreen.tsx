import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ok, type Schemas } from '../../api';
import { dateTime } from '../../ui/format';
import { Empty, ErrorState, QueryView } from '../../ui/states';
import { adviceFor } from './advice';
import { ConnectForm } from './ConnectForm';
import { ProblemsList } from './ProblemsList';
import { SmtpSection } from './SmtpSection';

/**
 * Mailboxes: sync status with the last error and what to do, Sync now; admins also reconnect,
 * re-authorize an OAuth2 mailbox, connect another and set how mail leaves it (SMTP or SES); staff see the
 * status and the SMTP settings and may Sync now.
 */
export function MailboxesScreen({ admin }: { admin: boolean }) {
  const [connecting, setConnecting] = useState<Schemas['Mailbox'] | 'new' | undefined>();
  const mailboxes = useQuery({ queryKey: ['mailboxes'], queryFn: async () => ok(await api().GET('/mailboxes')) });
  return (
    <section aria-labelledby="mailboxes-title">
      <div className="toolbar">
        <h1 id="mailboxes-title">Mailboxes</h1>
        {admin && <button type="button" className="primary" onClick={() => setConnecting('new')}>Connect a mailbox</button>}
      </div>
      <QueryView query={mailboxes} what="mailboxes">
        {(data) => data.items.length === 0
          ? <Empty>No mailbox yet. Connect the one your customers write to.</Empty>
          : <div className="cards">{data.items.map((m) => <MailboxCard key={m.id} mailbox={m} admin={admin} onReconnect={() => setConnecting(m)} />)}</div>}
      </QueryView>
      {connecting && <ConnectForm mailbox={connecting === 'new' ? undefined : connecting} onClose={() => setConnecting(undefined)} />}
    </section>
  );
}

function MailboxCard({ mailbox: m, admin, onReconnect }: { mailbox: Schemas['Mailbox']; admin: boolean; onReconnect: () => void }) {
  const queries = useQueryClient();
  const sync = useMutation({
    mutationFn: async () => ok(await api().POST('/mailboxes/{id}/sync', { params: { path: { id: m.id } } })),
    onSuccess: () => setTimeout(() => void queries.invalidateQueries({ queryKey: ['mailboxes'] }), 2_000),
  });
  // The provider's consent screen, for this mailbox: the callback resumes it and queues a sync.
  const reauthorize = useMutation({
    mutationFn: async (body: NonNullable<Schemas['Mailbox']['oauth']>['reauthorize']['body']) => ok(await api().POST('/mailboxes/oauth/start', { body })),
    onSuccess: (start) => window.location.assign(start.authorizeUrl),
  });
  const needsConsent = m.oauth?.status === 'needs_reauthorization';
  return (
    <article className={m.lastError ? 'card failing' : 'card'} aria-label={`Mailbox ${m.username}`}>
      <h2>{m.username}</h2>
      <p>{m.host}:{m.port} ({m.security}) · folders {m.folders.map((f) => f.path).join(', ')}</p>
      <p>Last sync {dateTime(m.lastSyncAt)} · {m.messagesSynced} messages{m.paused ? ' · paused' : ''}</p>
      {m.lastError && <p className="field-error" role="alert">{m.lastError} {adviceFor(m)}</p>}
      <div className="actions">
        <button type="button" onClick={() => sync.mutate()} disabled={sync.isPending}>Sync now</button>
        {admin && needsConsent && m.oauth && (
          <button type="button" className="primary" onClick={() => reauthorize.mutate(m.oauth!.reauthorize.body)} disabled={reauthorize.isPending}>Re-authorize</button>
        )}
        {admin && !m.oauth && <button type="button" onClick={onReconnect}>Reconnect</button>}
      </div>
      {!admin && (m.lastError || needsConsent) && <p className="hint">An admin can reconnect or re-authorize this mailbox.</p>}
      {reauthorize.error && <ErrorState error={reauthorize.error} />}
      {sync.isSuccess && <p role="status">Sync queued.</p>}
      {sync.error && <ErrorState error={sync.error} />}
      <SmtpSection mailbox={m} admin={admin} />
      {admin && m.problems.total > 0 && <ProblemsList mailboxId={m.id} />}
    </article>
  );
}
