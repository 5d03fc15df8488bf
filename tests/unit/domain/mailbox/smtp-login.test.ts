import { describe, expect, it } from 'vitest';
import type { MailboxRecord } from '../../../../shared/domain/mailbox/mailbox-record.js';
import type { SecretContext } from '../../../../shared/domain/mailbox/ports.js';
import { smtpLoginFor, type SmtpLoginDeps } from '../../../../shared/domain/mailbox/smtp-login.js';
import type { MailboxSmtp } from '../../../../shared/domain/mailbox/smtp-settings.js';

const sealedOf = (plaintext: string) => ({ v: 1 as const, keyId: 'k', wrappedKey: 'w', iv: 'i', ciphertext: plaintext, tag: 't' });
const smtp: MailboxSmtp = { host: 'smtp.acme.example', port: 587, security: 'starttls', allowInsecure: false, auth: 'mailbox', appendToSent: true };
const aMailbox = (over: Partial<MailboxRecord> = {}): MailboxRecord & { smtp: MailboxSmtp } => ({
  spaceId: 's1', id: 'm1', host: 'imap.acme.example', port: 993, security: 'tls', username: 'sales@acme.example', folders: [], allowInsecure: false,
  addresses: [], paused: false, messagesSynced: 0, password: sealedOf('imap-password'), createdAt: 'a', updatedAt: 'a', version: 1, smtp, ...over,
} as MailboxRecord & { smtp: MailboxSmtp });

function deps() {
  const opened: { secret: string; context: SecretContext }[] = [];
  const d: SmtpLoginDeps = {
    secrets: { open: async (sealed, context) => { opened.push({ secret: sealed.ciphertext, context }); return sealed.ciphertext; } },
    credentials: { credentialFor: async (mailbox, secret) => (mailbox.oauth ? { accessToken: `token-for-${secret}` } : secret) },
  };
  return { d, opened };
}

describe('smtpLoginFor', () => {
  it('logs in with the mailbox\'s own username and password, opened under its Space and mailbox', async () => {
    const { d, opened } = deps();

    expect(await smtpLoginFor(d, aMailbox())).toEqual({ user: 'sales@acme.example', pass: 'imap-password' });
    expect(opened).toEqual([{ secret: 'imap-password', context: { space: 's1', mailbox: 'm1' } }]);
  });

  it('logs in with an access token for an OAuth2 mailbox', async () => {
    const { d } = deps();

    expect(await smtpLoginFor(d, aMailbox({ oauth: { provider: 'google' }, password: sealedOf('refresh-token') })))
      .toEqual({ user: 'sales@acme.example', accessToken: 'token-for-refresh-token' });
  });

  it('logs in with the separate SMTP login, never opening the mailbox password', async () => {
    const { d, opened } = deps();

    const login = await smtpLoginFor(d, aMailbox({ smtp: { ...smtp, auth: 'separate', username: 'relay', password: sealedOf('relay-secret') } }));

    expect(login).toEqual({ user: 'relay', pass: 'relay-secret' });
    expect(opened.map((o) => o.secret)).toEqual(['relay-secret']);
  });
});
