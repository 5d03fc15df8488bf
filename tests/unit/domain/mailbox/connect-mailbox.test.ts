import { describe, expect, it } from 'vitest';
import { reconnectMailbox, type ConnectMailboxDeps } from '../../../../shared/domain/mailbox/connect-mailbox.js';
import type { MailboxConfig } from '../../../../shared/domain/mailbox/mailbox-config.js';
import type { MailboxPatch, MailboxRecord } from '../../../../shared/domain/mailbox/mailbox-record.js';
import type { SecretBox } from '../../../../shared/domain/mailbox/ports.js';
import { ValidationError } from '../../../../shared/domain/errors.js';

const STORED = 'stored-password';

const aMailbox = (over: Partial<MailboxRecord> = {}): MailboxRecord => ({
  spaceId: 's1', id: 'm1', host: 'imap.old.example', port: 993, security: 'tls', username: 'sales@old.example',
  folders: [{ path: 'INBOX', role: 'inbox' }], allowInsecure: false, addresses: [], paused: true, messagesSynced: 0,
  password: { v: 1, keyId: 'k', wrappedKey: 'w', iv: 'i', ciphertext: STORED, tag: 't' }, createdAt: 'a', updatedAt: 'a', version: 1, ...over,
});

/** Deps whose secret box can seal but records any attempt to open, and an IMAP client that records logins. */
function world(record = aMailbox()) {
  let stored = record;
  const logins: { host: string; port: number; password: string }[] = [];
  const opened: string[] = [];
  const secrets: SecretBox = {
    seal: async (plaintext) => ({ ...stored.password, ciphertext: plaintext }),
    open: async (sealed) => { opened.push(sealed.ciphertext); return sealed.ciphertext; },
  };
  const deps: ConnectMailboxDeps = {
    secrets,
    imap: {
      testConnection: async (config: MailboxConfig, password: string) => { logins.push({ host: config.host, port: config.port, password }); return { ok: true, folders: [], capabilities: [] }; },
      openSession: async () => { throw new Error('not used'); },
    },
    mailboxes: {
      getMailbox: async () => stored,
      patchMailbox: async (_s: string, _i: string, patch: MailboxPatch) => (stored = { ...stored, ...patch }),
    } as unknown as ConnectMailboxDeps['mailboxes'],
    syncQueue: { send: async () => undefined },
    newId: () => 'id', now: () => new Date('2026-01-01T00:00:00Z'),
  };
  return { deps, logins, opened, current: () => stored };
}

const reconnect = (deps: ConnectMailboxDeps, changes: Record<string, unknown>, password?: string) =>
  reconnectMailbox(deps, { spaceId: 's1', id: 'm1', changes, expectedVersion: 1, ...(password !== undefined ? { password } : {}) });

describe('reconnectMailbox (PATCH /mailboxes/{id})', () => {
  it.each([
    ['host', { host: 'imap.evil.example' }],
    ['port', { port: 143, security: 'plain', allowInsecure: true }],
    ['security', { security: 'starttls', allowInsecure: true }],
    ['username', { username: 'other@old.example' }],
  ])('refuses a %s change without the password and points at #/password, sending nothing', async (_field, changes) => {
    const w = world();

    const err = await reconnect(w.deps, changes).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).extra).toMatchObject({ errors: [expect.objectContaining({ pointer: '#/password' })] });
    expect(w.logins).toEqual([]);
    expect(w.opened).toEqual([]);
    expect(w.current().host).toBe('imap.old.example');
  });

  it('tests a new host with the new password and stores it sealed', async () => {
    const w = world();

    await reconnect(w.deps, { host: 'imap.new.example' }, 'fresh-password');

    expect(w.logins).toEqual([{ host: 'imap.new.example', port: 993, password: 'fresh-password' }]);
    expect(w.opened).toEqual([]);
    expect(w.current()).toMatchObject({ host: 'imap.new.example', paused: false, password: expect.objectContaining({ ciphertext: 'fresh-password' }) });
  });

  it('changes folders, addresses and pause without opening the stored password or connecting', async () => {
    const w = world();

    const saved = await reconnect(w.deps, { folders: [{ path: 'Archive', role: 'other' }], addresses: ['a@old.example'], paused: false });

    expect(w.logins).toEqual([]);
    expect(w.opened).toEqual([]);
    expect(saved).toMatchObject({ folders: [{ path: 'Archive', role: 'other' }], addresses: ['a@old.example'], paused: false });
  });

  it('changes the history window without connecting, and keeps it when another setting changes', async () => {
    const w = world();

    await reconnect(w.deps, { historyDays: 90 });
    const later = await reconnect(w.deps, { addresses: ['b@old.example'] });

    expect(w.logins).toEqual([]);
    expect(later).toMatchObject({ historyDays: 90, addresses: ['b@old.example'] });
  });

  it('treats an empty password as no password', async () => {
    const w = world();

    const err = await reconnect(w.deps, { host: 'imap.evil.example' }, '').catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ValidationError);
    expect(w.logins).toEqual([]);
  });
});
