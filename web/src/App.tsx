import type { Session } from './auth/session';
import { signIn, signOut } from './auth/session';
import type { ConsoleConfig } from './config';
import { Link, useLocation } from './router';
import { InboxScreen } from './screens/inbox/InboxScreen';
import { CustomerScreen } from './screens/customer/CustomerScreen';
import { MailboxBanner } from './screens/mailboxes/MailboxBanner';
import { MailboxesScreen } from './screens/mailboxes/MailboxesScreen';
import { PeopleScreen } from './screens/people/PeopleScreen';
import { SettingsScreen } from './screens/settings/SettingsScreen';

const NAV = [
  { to: '/inbox', label: 'Inbox' },
  { to: '/people', label: 'People' },
  { to: '/mailboxes', label: 'Mailboxes' },
  { to: '/settings', label: 'Settings' },
] as const;

export function App({ session, config }: { session: Session; config: ConsoleConfig }) {
  const { path } = useLocation();
  return (
    <div className="app">
      <a className="skip" href="#main">Skip to content</a>
      <header className="top">
        <span className="brand">Mailbridge</span>
        <nav aria-label="Main">
          {NAV.map((n) => (
            <Link key={n.to} to={n.to} aria-current={path.startsWith(n.to) ? 'page' : undefined}>{n.label}</Link>
          ))}
        </nav>
        <div className="who">
          <span title={session.email}>Space <strong data-testid="space">{session.spaceId}</strong> · {session.role}</span>
          <button type="button" onClick={() => void signIn(config, { chooseAccount: true })}>Switch Space</button>
          <button type="button" onClick={() => signOut(config)}>Sign out</button>
        </div>
      </header>
      <MailboxBanner />
      <main id="main" tabIndex={-1}>{screenFor(path, session)}</main>
    </div>
  );
}

function screenFor(path: string, session: Session) {
  const [, first, id] = path.split('/');
  if (first === 'inbox') return <InboxScreen userId={session.userId} />;
  if (first === 'contacts' && id) return <CustomerScreen kind="contact" id={id} admin={session.role === 'admin'} />;
  if (first === 'companies' && id) return <CustomerScreen kind="company" id={id} admin={session.role === 'admin'} />;
  if (first === 'mailboxes') return <MailboxesScreen admin={session.role === 'admin'} />;
  if (first === 'settings') return <SettingsScreen />;
  return <PeopleScreen admin={session.role === 'admin'} />;
}
