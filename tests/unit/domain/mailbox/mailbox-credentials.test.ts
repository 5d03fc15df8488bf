import { describe, expect, it } from 'vitest';
import { createMailboxCredentials, REFRESH_BEFORE_EXPIRY_MS } from '../../../../shared/domain/mailbox/mailbox-credentials.js';
import type { MailboxRecord } from '../../../../shared/domain/mailbox/mailbox-record.js';
import type { OAuthProvider } from '../../../../shared/domain/mailbox/oauth.js';
import type { SealedSecret } from '../../../../shared/domain/mailbox/ports.js';

const mailbox = { spaceId: 's1', id: 'm1', oauth: { provider: 'google' } } as MailboxRecord;

function world(rotate = false) {
  let clock = Date.parse('2026-11-02T09:00:00Z');
  let issued = 0;
  const replaced: SealedSecret[] = [];
  const credentials = createMailboxCredentials({
    providers: { get: async () => ({ id: 'google', scope: 'https://mail.google.com/' }) as OAuthProvider },
    tokens: {
      exchangeCode: async () => { throw new Error('not used'); },
      refresh: async (_p, refreshToken) => {
        issued++;
        return { accessToken: `access-${issued}`, expiresAt: new Date(clock + 3_600_000), ...(rotate ? { refreshToken: `${refreshToken}-next` } : {}) };
      },
    },
    secrets: { seal: async (plaintext) => ({ v: 1, keyId: 'k', wrappedKey: 'w', iv: 'i', ciphertext: plaintext, tag: 't' }) },
    mailboxes: { replaceSecret: async (_s, _m, sealed) => { replaced.push(sealed); }, recordGrantedScopes: async () => undefined },
    now: () => new Date(clock),
  });
  return { credentials, replaced, issued: () => issued, advance: (ms: number) => { clock += ms; } };
}

describe('createMailboxCredentials', () => {
  it('reuses an access token from memory until five minutes before it expires, then refreshes', async () => {
    const w = world();

    const first = await w.credentials.credentialFor(mailbox, 'refresh-1');
    w.advance(3_600_000 - REFRESH_BEFORE_EXPIRY_MS - 1);
    const stillCached = await w.credentials.credentialFor(mailbox, 'refresh-1');
    w.advance(2);
    const refreshed = await w.credentials.credentialFor(mailbox, 'refresh-1');
    const forced = await w.credentials.credentialFor(mailbox, 'refresh-1', { fresh: true });

    expect([first, stillCached, refreshed, forced]).toEqual([{ accessToken: 'access-1' }, { accessToken: 'access-1' }, { accessToken: 'access-2' }, { accessToken: 'access-3' }]);
    expect(w.replaced).toEqual([]);
  });

  it('seals and stores a refresh token the provider rotated', async () => {
    const w = world(true);

    await w.credentials.credentialFor(mailbox, 'refresh-1');

    expect(w.replaced.map((s) => s.ciphertext)).toEqual(['refresh-1-next']);
  });

  it('refreshes a Microsoft token with only what its consent granted, so consents from before SMTP.Send keep working', async () => {
    const IMAP = 'https://outlook.office.com/IMAP.AccessAsUser.All';
    const SEND = 'https://outlook.office.com/SMTP.Send';
    const asked: string[] = [];
    const recorded: [string, readonly string[]][] = [];
    const credentials = createMailboxCredentials({
      providers: { get: async () => ({ id: 'microsoft', scope: `${IMAP} ${SEND} offline_access` }) as OAuthProvider },
      tokens: {
        exchangeCode: async () => { throw new Error('not used'); },
        refresh: async (provider) => { asked.push(provider.scope); return { accessToken: 'a', expiresAt: new Date(Date.parse('2026-11-02T10:00:00Z')), scope: `${IMAP} ${SEND}` }; },
      },
      secrets: { seal: async () => { throw new Error('not used'); } },
      mailboxes: { replaceSecret: async () => undefined, recordGrantedScopes: async (_s, id, scopes) => { recorded.push([id, scopes]); } },
      now: () => new Date('2026-11-02T09:00:00Z'),
    });
    const of = (id: string, scopes?: string[]) => ({ spaceId: 's1', id, oauth: { provider: 'microsoft', ...(scopes ? { scopes } : {}) } }) as MailboxRecord;

    await credentials.credentialFor(of('before'), 'r1');
    await credentials.credentialFor(of('imap-only', [IMAP]), 'r2');
    await credentials.credentialFor(of('granted', [IMAP, SEND]), 'r3');

    expect(asked).toEqual([`${IMAP} offline_access`, `${IMAP} offline_access`, `${IMAP} ${SEND} offline_access`]);
    // Only the mailbox connected before scopes were kept learns them, from the refresh's answer.
    expect(recorded).toEqual([['before', [IMAP, SEND]]]);
  });

  it('hands a password mailbox its password without asking any provider', async () => {
    const w = world();

    const credential = await w.credentials.credentialFor({ ...mailbox, oauth: undefined } as unknown as MailboxRecord, 'app-password');

    expect(credential).toBe('app-password');
    expect(w.issued()).toBe(0);
  });
});
