import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../shared/domain/audit/audit-entry.js';
import { ValidationError } from '../../../../shared/domain/errors.js';
import type { MailboxConfig } from '../../../../shared/domain/mailbox/mailbox-config.js';
import { MailboxConnectError } from '../../../../shared/domain/mailbox/mailbox-errors.js';
import type { MailboxRecord } from '../../../../shared/domain/mailbox/mailbox-record.js';
import { removeMailboxSmtp, setMailboxSmtp, type SetMailboxSmtpDeps, type SmtpChange } from '../../../../shared/domain/mailbox/set-mailbox-smtp.js';
import type { MailboxSmtp, SmtpSettingsInput } from '../../../../shared/domain/mailbox/smtp-settings.js';

const sealedOf = (plaintext: string) => ({ v: 1 as const, keyId: 'k', wrappedKey: 'w', iv: 'i', ciphertext: plaintext, tag: 't' });

const aMailbox = (over: Partial<MailboxRecord> = {}): MailboxRecord => ({
  spaceId: 's1', id: 'm1', host: 'imap.acme.example', port: 993, security: 'tls', username: 'sales@acme.example',
  folders: [{ path: 'INBOX', role: 'inbox' }], allowInsecure: false, addresses: ['sales@acme.example'], paused: false, messagesSynced: 0,
  password: sealedOf('imap-password'), createdAt: 'a', updatedAt: 'a', version: 1, ...over,
});

const anSmtp = (over: Partial<MailboxSmtp> = {}): MailboxSmtp =>
  ({ host: 'smtp.acme.example', port: 587, security: 'starttls', allowInsecure: false, auth: 'mailbox', appendToSent: true, ...over });

/** An in-memory mailbox with an IMAP client that records logins and a DNS check that refuses `*.internal`. */
function world(record = aMailbox()) {
  let stored = record;
  const logins: { host: string; password: string }[] = [];
  const audits: AuditEntry[] = [];
  const deps: SetMailboxSmtpDeps = {
    mailboxes: {
      getMailbox: async () => stored,
      setMailboxSmtp: async (_s, _i, change: SmtpChange, now, expected, audit) => {
        if (expected !== stored.version) throw new Error('stale');
        const { smtp: _old, ...rest } = stored;
        stored = { ...rest, ...(change.smtp ? { smtp: change.smtp } : {}), ...(change.password ? { password: change.password } : {}), updatedAt: now, version: expected + 1 };
        audits.push(audit);
        return stored;
      },
    },
    imap: { testConnection: async (config: MailboxConfig, password) => { logins.push({ host: config.host, password: String(password) }); return { ok: true, folders: [], capabilities: [] }; } },
    secrets: { seal: async (plaintext) => sealedOf(plaintext) },
    hosts: { check: async (host) => { if (host.endsWith('.internal')) throw new MailboxConnectError('blocked-host', `${host} is a private or reserved address`); } },
    runtime: { now: () => new Date('2026-11-29T12:00:00Z'), newId: () => 'a1' },
  };
  return { deps, logins, audits, current: () => stored };
}

const put = (deps: SetMailboxSmtpDeps, settings: SmtpSettingsInput, expectedVersion = 1) =>
  setMailboxSmtp(deps, { actor: { spaceId: 's1', userId: 'admin-1', requestId: 'r1' }, mailboxId: 'm1', settings, expectedVersion });

describe('setMailboxSmtp (PUT /mailboxes/{id}/smtp)', () => {
  it('tests the mailbox password against IMAP before it may go to an SMTP server, seals it again, and audits without secrets', async () => {
    const w = world();

    const saved = await put(w.deps, { host: 'SMTP.acme.example.', security: 'starttls', password: 'imap-password' });

    expect(saved.smtp).toEqual(anSmtp());
    expect(w.logins).toEqual([{ host: 'imap.acme.example', password: 'imap-password' }]);
    expect(saved.version).toBe(2);
    expect(w.audits).toEqual([expect.objectContaining({ entity: 'mailbox', entityId: 'm1', action: 'update', userId: 'admin-1' })]);
    expect(w.audits[0]!.changes?.smtp?.new).toEqual({ host: 'smtp.acme.example', port: 587, security: 'starttls', allowInsecure: false, auth: 'mailbox', username: 'sales@acme.example', appendToSent: true });
    expect(JSON.stringify(w.audits)).not.toContain('imap-password');
  });

  it('refuses to send the stored mailbox password to a new SMTP server without it', async () => {
    const w = world(aMailbox({ smtp: anSmtp() }));

    const err = await put(w.deps, { host: 'smtp.elsewhere.example', security: 'starttls' }).catch((e: unknown) => e);
    const same = await put(w.deps, { host: 'smtp.acme.example', security: 'starttls', appendToSent: false });

    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).errors).toEqual([expect.objectContaining({ pointer: '#/password' })]);
    expect(same.smtp).toEqual(anSmtp({ appendToSent: false }));
    expect(w.logins).toEqual([]);
  });

  it('seals a separate SMTP password, keeps it while the endpoint stays, and wants it again when the login changes', async () => {
    const w = world();

    const first = await put(w.deps, { host: 'smtp.acme.example', auth: 'separate', username: 'relay', password: 'relay-secret' });
    const kept = await put(w.deps, { host: 'smtp.acme.example', auth: 'separate', username: 'relay', appendToSent: false }, 2);
    const err = await put(w.deps, { host: 'smtp.acme.example', auth: 'separate', username: 'other' }, 3).catch((e: unknown) => e);

    expect(first.smtp).toMatchObject({ host: 'smtp.acme.example', port: 465, security: 'tls', auth: 'separate', username: 'relay', password: sealedOf('relay-secret') });
    expect(kept.smtp).toMatchObject({ password: sealedOf('relay-secret'), appendToSent: false });
    expect((err as ValidationError).errors).toEqual([expect.objectContaining({ pointer: '#/password' })]);
    expect(w.current().password).toEqual(sealedOf('imap-password'));
  });

  it.each([
    ['plain without allowInsecure', { host: 'smtp.acme.example', security: 'plain' as const, password: 'x' }, '#/security'],
    ['separate without a username', { host: 'smtp.acme.example', auth: 'separate' as const, password: 'x' }, '#/username'],
    ['a username with the mailbox login', { host: 'smtp.acme.example', username: 'u', password: 'x' }, '#/username'],
  ])('refuses %s and stores nothing', async (_case, settings, pointer) => {
    const w = world();

    const err = await put(w.deps, settings).catch((e: unknown) => e);

    expect((err as ValidationError).errors).toEqual([expect.objectContaining({ pointer })]);
    expect(w.current().smtp).toBeUndefined();
  });

  it('refuses a private or metadata host with the SSRF guard\'s answer', async () => {
    const w = world();

    const err = await put(w.deps, { host: 'metadata.internal', password: 'imap-password' }).catch((e: unknown) => e);

    expect(err).toMatchObject({ code: 'mailbox-connect-failed', kind: 'blocked-host' });
    expect(w.current().smtp).toBeUndefined();
  });

  it('sends an OAuth2 mailbox\'s token only to its provider\'s SMTP server', async () => {
    const w = world(aMailbox({ oauth: { provider: 'google' } }));

    const err = await put(w.deps, { host: 'smtp.evil.example' }).catch((e: unknown) => e);
    const saved = await put(w.deps, { host: 'smtp.gmail.com', appendToSent: false });

    expect((err as ValidationError).errors).toEqual([expect.objectContaining({ pointer: '#/host' })]);
    expect(saved.smtp).toEqual({ host: 'smtp.gmail.com', port: 465, security: 'tls', allowInsecure: false, auth: 'mailbox', appendToSent: false });
  });

  it('asks to reconnect a Microsoft mailbox whose consent lacks SMTP.Send before its token is used for SMTP, and saves once it has it', async () => {
    const IMAP = 'https://outlook.office.com/IMAP.AccessAsUser.All';
    const SEND = 'https://outlook.office.com/SMTP.Send';
    const before = world(aMailbox({ oauth: { provider: 'microsoft' } }));
    const imapOnly = world(aMailbox({ oauth: { provider: 'microsoft', scopes: [IMAP] } }));
    const granted = world(aMailbox({ oauth: { provider: 'microsoft', scopes: [IMAP, SEND] } }));
    const office = { host: 'smtp.office365.com', security: 'starttls' as const, appendToSent: false };

    const errors = await Promise.all([before, imapOnly].map((w) => put(w.deps, office).catch((e: unknown) => e)));
    const separate = await put(before.deps, { ...office, auth: 'separate', username: 'relay', password: 'relay-secret' });
    const saved = await put(granted.deps, office);

    for (const err of errors) expect(err).toMatchObject({ code: 'oauth-smtp-not-granted', extra: { provider: 'microsoft', missingScope: SEND } });
    expect(imapOnly.current().smtp).toBeUndefined();
    expect(separate.smtp).toMatchObject({ auth: 'separate', username: 'relay' });
    expect(saved.smtp).toMatchObject({ host: 'smtp.office365.com', auth: 'mailbox' });
  });

  it('removes the settings with an audit row', async () => {
    const w = world(aMailbox({ smtp: anSmtp() }));

    const saved = await removeMailboxSmtp(w.deps, { actor: { spaceId: 's1', userId: 'admin-1', requestId: 'r2' }, mailboxId: 'm1', expectedVersion: 1 });

    expect(saved.smtp).toBeUndefined();
    expect(w.audits[0]!.changes?.smtp).toEqual({ old: expect.objectContaining({ host: 'smtp.acme.example' }), new: null });
  });
});
