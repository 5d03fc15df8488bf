import { describe, expect, it } from 'vitest';
import { createMemoryMailbox } from '../../../../shared/adapters/imap/memory-mailbox.js';
import { MailboxUnavailableError } from '../../../../shared/domain/mailbox/mailbox-errors.js';

const config = { host: 'imap.example.com', port: 993, security: 'tls' as const, username: 'u', folders: [{ path: 'INBOX', role: 'inbox' as const }] };

describe('createMemoryMailbox', () => {
  it('serves delivered mail by window and UID, in order', async () => {
    const box = createMemoryMailbox({ password: 'pw' });
    box.deliver('INBOX', 'old', { date: new Date('2024-01-01T00:00:00Z') });
    box.deliver('INBOX', 'new', { date: new Date('2024-03-01T00:00:00Z') });
    const session = await box.openSession(config, 'pw');

    const since = await session.searchUidsSince('INBOX', { sinceDate: new Date('2024-02-01T10:00:00Z') });
    const got: string[] = [];
    await session.fetchSources('INBOX', [1, 2], async (_uid, raw) => { got.push(raw.toString()); });

    expect(since).toEqual([2]);
    expect(got).toEqual(['old', 'new']);
    expect(await session.folderState('INBOX')).toEqual({ uidValidity: '1', uidNext: 3, exists: 2, highestModseq: '3' });
  });

  it('refuses a wrong password and replays an injected failure once', async () => {
    const box = createMemoryMailbox({ password: 'pw' });

    await expect(box.openSession(config, 'nope')).rejects.toMatchObject({ code: 'mailbox-auth-failed' });
    const session = await box.openSession(config, 'pw');
    box.failNext(new MailboxUnavailableError('connection-lost', 'the server closed the connection'));
    await expect(session.folderState('INBOX')).rejects.toBeInstanceOf(MailboxUnavailableError);
    await expect(session.folderState('INBOX')).resolves.toMatchObject({ exists: 0 });
  });

  it('reports flag changes after a modseq and a UIDVALIDITY reset', async () => {
    const box = createMemoryMailbox({ password: 'pw' });
    box.deliver('INBOX', 'a');
    box.deliver('INBOX', 'b');
    const session = await box.openSession(config, 'pw');
    const before = await session.folderState('INBOX');

    box.setFlags('INBOX', 2, ['\\Seen']);
    box.resetUidValidity('INBOX', '4242');

    expect(await session.changedFlagsSince('INBOX', before.highestModseq ?? '0')).toEqual([{ uid: 2, flags: ['\\Seen'], modseq: '4' }]);
    expect((await session.folderState('INBOX')).uidValidity).toBe('4242');
  });
});
