import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ok, type Schemas } from '../../api';
import { ifMatch } from '../../ui/list-input';
import { ErrorState } from '../../ui/states';
import { SmtpForm } from './SmtpForm';

const SECURITY = { tls: 'TLS', starttls: 'STARTTLS', plain: 'no TLS' } as const;

/**
 * How mail from the record leaves this mailbox: its own SMTP server (host, port, security, login kind,
 * copy in Sent; the API never returns a password) or SES. Admins edit and remove the settings; staff read them.
 */
export function SmtpSection({ mailbox: m, admin }: { mailbox: Schemas['Mailbox']; admin: boolean }) {
  const [editing, setEditing] = useState(false);
  const queries = useQueryClient();
  const remove = useMutation({
    mutationFn: async () => ok(await api().DELETE('/mailboxes/{id}/smtp', { params: { path: { id: m.id }, header: { 'If-Match': ifMatch(m.version) } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['mailboxes'] }),
  });
  const s = m.smtp;
  return (
    <section className="smtp" aria-label="Sending">
      <h3>Sending</h3>
      {s ? (
        <dl className="facts" aria-label="SMTP settings">
          <dt>SMTP server</dt><dd>{s.host}:{s.port} ({SECURITY[s.security]})</dd>
          <dt>Login</dt><dd>{s.auth === 'mailbox' ? `the mailbox's own (${s.username})` : `a separate SMTP login (${s.username})`}</dd>
          <dt>Copy in Sent</dt><dd>{s.appendToSent ? 'Mailbridge files one' : 'the server files its own'}</dd>
        </dl>
      ) : <p>Mail from the record leaves through Mailbridge (SES), with this mailbox in Reply-To.</p>}
      {admin && (
        <div className="actions">
          <button type="button" onClick={() => setEditing(true)}>{s ? 'Edit SMTP' : 'Send through SMTP'}</button>
          {s && <button type="button" disabled={remove.isPending} onClick={() => remove.mutate()}>Send through SES instead</button>}
        </div>
      )}
      {remove.error && <ErrorState error={remove.error} />}
      {editing && <SmtpForm mailbox={m} onClose={() => setEditing(false)} />}
    </section>
  );
}
