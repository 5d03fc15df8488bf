import { useQuery } from '@tanstack/react-query';
import { api, ok } from '../../api';
import { Link } from '../../router';
import { dateTime } from '../../ui/format';
import { adviceFor } from './advice';

/** The strip under the header: no mailbox yet, or the one that fails, with what to do. */
export function MailboxBanner() {
  const mailboxes = useQuery({ queryKey: ['mailboxes'], queryFn: async () => ok(await api().GET('/mailboxes')), refetchInterval: 30_000 });
  if (!mailboxes.data) return null;
  const items = mailboxes.data.items;
  if (items.length === 0) {
    return <div className="banner warn" role="status">No mailbox connected: customer mail will not appear. <Link to="/mailboxes">Connect one</Link></div>;
  }
  const failing = items.filter((m) => m.lastError !== undefined);
  if (failing.length === 0) {
    const last = items.map((m) => m.lastSyncAt).filter(Boolean).sort().at(-1);
    return <div className="banner ok" role="status">Mail synced {dateTime(last)} · {items.length} mailbox{items.length > 1 ? 'es' : ''}</div>;
  }
  return (
    <div className="banner error" role="alert">
      {failing.map((m) => (
        <p key={m.id}><strong>{m.username}</strong>: {m.lastError} {adviceFor(m)} <Link to="/mailboxes">Open mailboxes</Link></p>
      ))}
    </div>
  );
}
